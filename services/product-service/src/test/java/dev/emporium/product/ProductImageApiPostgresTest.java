package dev.emporium.product;

import dev.emporium.testsupport.PostgresTestDatabase;
import dev.emporium.testsupport.RequiresPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Product pictures on PostgreSQL (bytea variants, the image version column). */
@RequiresPostgres
class ProductImageApiPostgresTest extends ProductImageApiTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.create("images").register(registry);
    }
}
