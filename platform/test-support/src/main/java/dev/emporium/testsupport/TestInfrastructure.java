package dev.emporium.testsupport;

import java.util.Optional;

/**
 * Where the real infrastructure for tests is, read from the environment. Locally, a missing server skips
 * the tests that need it, loudly; in CI ({@code CI=true}) it fails them, so CI never goes green by skipping.
 */
public final class TestInfrastructure {

    public static final String POSTGRES_URL = "EMPORIUM_TEST_POSTGRES_URL";
    public static final String REDIS_URL = "EMPORIUM_TEST_REDIS_URL";

    private TestInfrastructure() {
    }

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** A JDBC URL of a PostgreSQL server database the tests may create databases from. */
    public static Optional<String> postgresUrl() {
        return setting(POSTGRES_URL);
    }

    /** A redis:// URL. */
    public static Optional<String> redisUrl() {
        return setting(REDIS_URL);
    }

    static Optional<String> setting(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            value = System.getProperty(name);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** The banner printed when a test is skipped for want of a server. */
    static String skipBanner(String variable, String what) {
        String line = "!".repeat(100);
        return "\n" + line + "\n!!! SKIPPED: " + what + " tests need " + variable
                + " (e.g. jdbc:postgresql://localhost:5432/postgres?user=postgres / redis://localhost:6379)."
                + "\n!!! In CI (CI=true) this is a failure. .ci/run shows how to provide it.\n" + line;
    }
}
