package dev.emporium.testsupport;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A freshly created, uniquely named PostgreSQL database on the server named by
 * {@code EMPORIUM_TEST_POSTGRES_URL}, dropped when the test JVM exits. Runs never collide and never see
 * each other's leftovers.
 */
public final class PostgresTestDatabase {

    private final String adminUrl;
    private final String name;

    private PostgresTestDatabase(String adminUrl, String name) {
        this.adminUrl = adminUrl;
        this.name = name;
    }

    /** Creates a database named {@code emporium_<prefix>_<random>}. */
    public static PostgresTestDatabase create(String prefix) {
        String adminUrl = TestInfrastructure.postgresUrl().orElseThrow(() -> new IllegalStateException(
                TestInfrastructure.POSTGRES_URL + " is not set; annotate the test class with @RequiresPostgres"));
        String name = ("emporium_" + prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        PostgresTestDatabase database = new PostgresTestDatabase(adminUrl, name);
        database.execute("CREATE DATABASE " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(database::drop, "drop-" + name));
        return database;
    }

    /** Points Spring's datasource at this database. */
    public PostgresTestDatabase register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", this::jdbcUrl);
        return this;
    }

    public String name() {
        return name;
    }

    /** The admin URL with its database replaced by this one (user and options kept). */
    public String jdbcUrl() {
        URI uri = URI.create(adminUrl.substring("jdbc:".length()));
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return "jdbc:postgresql://" + uri.getRawAuthority() + "/" + name + query;
    }

    /** Opens a connection to this database. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl());
    }

    private void drop() {
        try {
            execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (RuntimeException e) {
            System.err.println("Could not drop test database " + name + ": " + e.getMessage());
        }
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(adminUrl);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + TestInfrastructure.POSTGRES_URL + " refused: " + sql, e);
        }
    }
}
