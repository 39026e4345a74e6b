package dev.emporium.order;

import dev.emporium.testsupport.PostgresTestDatabase;
import dev.emporium.testsupport.RequiresPostgres;
import dev.emporium.testsupport.ServiceSmokeTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The service plumbing on a real PostgreSQL database of its own. */
@RequiresPostgres
class OrderServicePostgresSmokeTest extends ServiceSmokeTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.create("order").register(registry);
    }
}
