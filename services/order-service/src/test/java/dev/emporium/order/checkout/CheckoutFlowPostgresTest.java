package dev.emporium.order.checkout;

import dev.emporium.testsupport.PostgresTestDatabase;
import dev.emporium.testsupport.RequiresPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Every checkout path again on PostgreSQL: row locks, the unique idempotency key, exact numerics. */
@RequiresPostgres
class CheckoutFlowPostgresTest extends CheckoutFlowTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.create("orders").register(registry);
    }
}
