package dev.emporium.notification;

import dev.emporium.testsupport.PostgresTestDatabase;
import dev.emporium.testsupport.RequiresPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Exactly-once welcome notifications on PostgreSQL. */
@RequiresPostgres
class WelcomeNotificationsPostgresTest extends WelcomeNotificationsTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.create("notifications").register(registry);
    }
}
