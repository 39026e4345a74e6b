package dev.emporium.product;

import dev.emporium.testsupport.PostgresTestDatabase;
import dev.emporium.testsupport.RequiresPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The stock participant on PostgreSQL, where a failed statement would abort the transaction without savepoints. */
@RequiresPostgres
class StockCommandsPostgresTest extends StockCommandsTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.create("stock_commands").register(registry);
    }
}
