package dev.emporium.payment;

import dev.emporium.testsupport.PostgresTestDatabase;
import dev.emporium.testsupport.RequiresPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The payment guarantees on PostgreSQL, concurrent captures included. */
@RequiresPostgres
class PaymentsPostgresTest extends PaymentsTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.create("payments").register(registry);
    }
}
