package dev.emporium.user;

import dev.emporium.testsupport.PostgresTestDatabase;
import dev.emporium.testsupport.RequiresPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The users-and-tokens contract on a real PostgreSQL database. */
@RequiresPostgres
class UserApiContractPostgresTest extends UserApiContractTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.create("users").register(registry);
    }
}
