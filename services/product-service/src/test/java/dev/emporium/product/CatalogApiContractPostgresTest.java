package dev.emporium.product;

import dev.emporium.testsupport.PostgresTestDatabase;
import dev.emporium.testsupport.RequiresPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The catalog contract on PostgreSQL (trigram search indexes included). */
@RequiresPostgres
class CatalogApiContractPostgresTest extends CatalogApiContractTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.create("catalog").register(registry);
    }
}
