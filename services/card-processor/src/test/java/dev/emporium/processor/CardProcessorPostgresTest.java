package dev.emporium.processor;

import dev.emporium.testsupport.PostgresTestDatabase;
import dev.emporium.testsupport.RequiresPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same contract on PostgreSQL (SPRING_DATASOURCE_URL in a cluster): row locks, unique keys, migrations. */
@RequiresPostgres
class CardProcessorPostgresTest extends CardProcessorApiTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.create("processor").register(registry);
    }
}
