package dev.emporium.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The plumbing every service must have, proven against real infrastructure: Flyway migrated its own
 * database, readiness reflects the database and a real (embedded KRaft) Kafka broker, Prometheus metrics
 * are exposed, unknown paths answer problem+json, request ids are echoed. A service extends it once for
 * H2 and once (with {@link RequiresPostgres}) for PostgreSQL.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "eureka.client.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;DB_CLOSE_DELAY=-1",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "EMPORIUM_DEMO_DATA=false"})
@EmbeddedKafka(partitions = 1)
public abstract class ServiceSmokeTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void migratesItsOwnSchemaWithFlyway() {
        Integer applied = jdbc.queryForObject(
                "select count(*) from flyway_schema_history where success = true", Integer.class);
        assertThat(applied).isPositive();
    }

    @Test
    void isReadyOnlyWithItsDatabaseAndKafka() throws Exception {
        // ready once its Kafka consumers have joined their groups, which can follow the context start by seconds
        await().atMost(Duration.ofSeconds(30))
                .until(() -> get("/actuator/health/readiness", null).statusCode() == 200);
        HttpResponse<String> response = get("/actuator/health/readiness", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String body = response.body();
        assertThat(JsonPath.<String>read(body, "$.status")).isEqualTo("UP");
        assertThat(JsonPath.<String>read(body, "$.components.db.status")).isEqualTo("UP");
        assertThat(JsonPath.<String>read(body, "$.components.kafka.status")).isEqualTo("UP");
        assertThat(JsonPath.<String>read(body, "$.components.kafkaListeners.status")).isEqualTo("UP");
    }

    @Test
    void exposesPrometheusMetrics() throws Exception {
        HttpResponse<String> response = get("/actuator/prometheus", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes").contains("application=");
    }

    @Test
    void hidesSensitiveActuatorEndpoints() throws Exception {
        for (String endpoint : new String[] {"env", "heapdump", "threaddump", "configprops", "beans"}) {
            HttpResponse<String> response = get("/actuator/" + endpoint, null);
            assertThat(response.statusCode()).as(endpoint).isIn(401, 404);
            assertThat(response.body()).as(endpoint).doesNotContain("java.").doesNotContain("\"beans\"");
        }
    }

    @Test
    void refusesRequestsWithoutATokenWithProblemJsonAndEchoesTheRequestId() throws Exception {
        HttpResponse<String> response = get("/api/no-such-thing", "smoke-test-42");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer"));
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("X-Request-Id")).contains("smoke-test-42");
        assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(401);
        assertThat(JsonPath.<String>read(response.body(), "$.instance")).isEqualTo("/api/no-such-thing");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("trace");
    }

    @Test
    void refusesAForgedToken() throws Exception {
        String unsigned = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4Iiwicm9sZXMiOlsiQURNSU4iXX0.";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/anything"))
                .header("Authorization", "Bearer " + unsigned).build();
        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    protected HttpResponse<String> get(String path, String requestId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected int port() {
        return port;
    }
}
