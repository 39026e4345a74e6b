package dev.emporium.platform.defaults.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Every error a service can produce is problem+json with type, title, status, detail and instance. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "eureka.client.enabled=false", "spring.kafka.admin.auto-create=false",
        "emporium.web.served-by=test-service-1", "emporium.security.public-paths=/**"})
class ProblemDetailsTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void validationFailuresListEveryField() throws Exception {
        HttpResponse<String> response = post("/things", "{\"name\":\"\",\"quantity\":0}");
        assertProblem(response, 400);
        List<String> fields = JsonPath.read(response.body(), "$.errors[*].field");
        assertThat(fields).containsExactly("name", "quantity");
    }

    @Test
    void missingRequiredFieldsAre400() throws Exception {
        HttpResponse<String> response = post("/things", "{}");
        assertProblem(response, 400);
        assertThat(JsonPath.<List<String>>read(response.body(), "$.errors[*].field")).contains("name", "quantity");
    }

    @Test
    void malformedJsonIs400() throws Exception {
        assertProblem(post("/things", "{\"name\": "), 400);
    }

    @Test
    void aWrongTypeIs400AndNamesTheField() throws Exception {
        HttpResponse<String> response = post("/things", "{\"name\":\"x\",\"quantity\":\"many\"}");
        assertProblem(response, 400);
        assertThat(JsonPath.<List<String>>read(response.body(), "$.errors[*].field")).containsExactly("quantity");
    }

    @Test
    void anUnknownEnumValueIs400() throws Exception {
        assertProblem(post("/things", "{\"name\":\"x\",\"quantity\":1,\"colour\":\"PLAID\"}"), 400);
    }

    @Test
    void unknownPathsAre404() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/nothing/here")).build());
        assertProblem(response, 404);
        assertThat(JsonPath.<String>read(response.body(), "$.detail")).isEqualTo("No such resource.");
    }

    @Test
    void aBadPathVariableIs400() throws Exception {
        assertProblem(send(HttpRequest.newBuilder(uri("/things/not-a-number")).build()), 400);
    }

    @Test
    void aWrongMethodIs405() throws Exception {
        assertProblem(send(HttpRequest.newBuilder(uri("/things")).PUT(BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json").build()), 405);
    }

    @Test
    void aWrongContentTypeIs415() throws Exception {
        assertProblem(send(HttpRequest.newBuilder(uri("/things")).POST(BodyPublishers.ofString("name=x"))
                .header("Content-Type", "text/plain").build()), 415);
    }

    @Test
    void aDeclaredOversizedBodyIs413() throws Exception {
        String big = "{\"name\":\"" + "a".repeat(1_100_000) + "\",\"quantity\":1}";
        assertProblem(post("/things", big), 413);
    }

    @Test
    void aChunkedOversizedBodyIs413() throws Exception {
        byte[] big = ("{\"name\":\"" + "a".repeat(1_100_000) + "\",\"quantity\":1}").getBytes();
        HttpRequest request = HttpRequest.newBuilder(uri("/things"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))) // no Content-Length
                .build();
        assertProblem(send(request), 413);
    }

    @Test
    void anUnexpectedFailureIs500AndLeaksNothing() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/things/7")).build());
        assertProblem(response, 500);
        assertThat(response.body()).doesNotContain("IllegalStateException", "secret", "at dev.");
    }

    @Test
    void aWellFormedRequestIdIsEchoedAndABadOneReplaced() throws Exception {
        HttpResponse<String> echoed = send(HttpRequest.newBuilder(uri("/things/1")).header("X-Request-Id", "req-1").build());
        assertThat(echoed.statusCode()).isEqualTo(200);
        assertThat(echoed.headers().firstValue("X-Request-Id")).contains("req-1");
        HttpResponse<String> replaced = send(HttpRequest.newBuilder(uri("/things/1"))
                .header("X-Request-Id", "<script>").build());
        assertThat(replaced.headers().firstValue("X-Request-Id")).hasValueSatisfying(
                id -> assertThat(id).matches("[0-9a-f-]{36}"));
        assertThat(echoed.headers().firstValue("X-Served-By")).contains("test-service-1");
    }

    private void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(status);
        assertThat(JsonPath.<String>read(response.body(), "$.type")).isNotBlank();
        assertThat(JsonPath.<String>read(response.body(), "$.title")).isNotBlank();
        assertThat(JsonPath.<String>read(response.body(), "$.detail")).isNotBlank();
        assertThat(JsonPath.<String>read(response.body(), "$.instance")).startsWith("/");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\"trace\"");
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(json)).build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** No component scan: exactly the auto-configuration a service gets, plus one controller. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(ThingController.class)
    static class TestApplication {
    }

    enum Colour { RED, BLUE }

    record NewThing(@NotBlank String name, @NotNull @Min(1) @Max(100) Integer quantity, Colour colour) {
    }

    @RestController
    static class ThingController {

        @PostMapping("/things")
        NewThing create(@Valid @RequestBody NewThing thing) {
            return thing;
        }

        @GetMapping("/things/{id}")
        String get(@PathVariable long id) {
            if (id == 7) {
                throw new IllegalStateException("secret internals");
            }
            return "{\"id\":" + id + "}";
        }
    }
}
