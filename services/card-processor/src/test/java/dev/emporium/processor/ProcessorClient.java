package dev.emporium.processor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP to the processor, as payment-service talks to it. */
final class ProcessorClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    ProcessorClient(int port) {
        this.baseUrl = "http://localhost:" + port;
    }

    HttpResponse<String> post(String path, String key, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> put(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A payment method for a card number (201 expected). */
    String paymentMethod(String cardNumber) throws Exception {
        HttpResponse<String> response = post("/v1/payment-methods", key(), "{\"cardNumber\":\"" + cardNumber + "\"}");
        if (response.statusCode() != 201) {
            throw new AssertionError(response.statusCode() + " " + response.body());
        }
        return json(response).get("id").asString();
    }

    HttpResponse<String> authorize(String key, String reference, String paymentMethod, String amount)
            throws IOException, InterruptedException {
        return post("/v1/authorizations", key, """
                {"reference":"%s","paymentMethod":"%s","amount":%s,"currency":"EUR"}""".formatted(reference, paymentMethod, amount));
    }

    /** An approved authorization's id. */
    String approved(String reference, String amount) throws Exception {
        HttpResponse<String> response = authorize(key(), reference, paymentMethod("4242424242424242"), amount);
        JsonNode body = json(response);
        if (response.statusCode() != 201 || !body.get("status").asString().equals("APPROVED")) {
            throw new AssertionError(response.statusCode() + " " + response.body());
        }
        return body.get("id").asString();
    }

    HttpResponse<String> capture(String id, String key, String amount) throws IOException, InterruptedException {
        return post("/v1/authorizations/" + id + "/capture", key, "{\"amount\":" + amount + "}");
    }

    HttpResponse<String> refund(String id, String key, String amount) throws IOException, InterruptedException {
        return post("/v1/authorizations/" + id + "/refund", key, "{\"amount\":" + amount + "}");
    }

    HttpResponse<String> voidIt(String id, String key) throws IOException, InterruptedException {
        return post("/v1/authorizations/" + id + "/void", key, null);
    }

    JsonNode ledger(String reference) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/v1/ledger?reference=" + reference);
        if (response.statusCode() != 200) {
            throw new AssertionError(response.statusCode() + " " + response.body());
        }
        return json(response);
    }

    void faults(String json) throws IOException, InterruptedException {
        HttpResponse<String> response = put("/v1/faults", json);
        if (response.statusCode() != 200) {
            throw new AssertionError(response.statusCode() + " " + response.body());
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    static String key() {
        return UUID.randomUUID().toString();
    }

    static String reference() {
        return "order-" + UUID.randomUUID();
    }
}
