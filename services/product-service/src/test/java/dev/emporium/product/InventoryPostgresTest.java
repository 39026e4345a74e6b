package dev.emporium.product;

import dev.emporium.testsupport.PostgresTestDatabase;
import dev.emporium.testsupport.RequiresPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The inventory guarantees on PostgreSQL with real parallel transactions. */
@RequiresPostgres
class InventoryPostgresTest extends InventoryTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.create("inventory").register(registry);
    }
}
