package dev.emporium.product.checkout;

import dev.emporium.testsupport.PostgresTestDatabase;
import dev.emporium.testsupport.RequiresPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Any order, any number of times, on PostgreSQL: a failed statement there aborts the transaction, so a retried
 * command must leave nothing half-done behind. Fewer seeds than on H2: the point is the database, not the shuffles.
 */
@RequiresPostgres
class StockCommandOrderPostgresTest extends StockCommandOrderTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.create("stock_order").register(registry);
    }

    @Override
    int seeds() {
        return 15;
    }
}
