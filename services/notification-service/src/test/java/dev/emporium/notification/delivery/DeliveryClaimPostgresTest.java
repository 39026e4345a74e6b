package dev.emporium.notification.delivery;

import dev.emporium.testsupport.PostgresTestDatabase;
import dev.emporium.testsupport.RequiresPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Claim before send on PostgreSQL: its row locks and READ COMMITTED decide the race between senders. */
@RequiresPostgres
class DeliveryClaimPostgresTest extends DeliveryClaimTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.create("notification_claims").register(registry);
    }
}
