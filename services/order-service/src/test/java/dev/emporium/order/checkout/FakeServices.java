package dev.emporium.order.checkout;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * product-service's lookup and payment-service's tokenization on a local port, as order-service calls them
 * (through discovery: registered as simple discovery instances). {@link #failing} makes both answer 500;
 * {@link #cardsSeen} is how a test proves the card number only ever went to tokenization.
 */
final class FakeServices implements AutoCloseable {

    /** Tokens whose card ends with these digits are scripted by the tests. */
    final Map<String, String> tokenForCard = new ConcurrentHashMap<>();
    final Map<UUID, Product> catalog = new ConcurrentHashMap<>();
    final AtomicInteger lookups = new AtomicInteger();
    volatile boolean failing;

    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpServer server;

    FakeServices() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/internal/products/lookup", this::lookup);
        server.createContext("/internal/payment-methods", this::tokenize);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    Product add(String name, String price) {
        Product product = new Product(UUID.randomUUID(), "SKU-" + name.toUpperCase(), name, new BigDecimal(price), "USD", true);
        catalog.put(product.id(), product);
        return product;
    }

    private void lookup(HttpExchange exchange) throws IOException {
        lookups.incrementAndGet();
        if (refuse(exchange)) {
            return;
        }
        JsonNode body = json.readTree(read(exchange.getRequestBody()));
        List<Product> found = body.get("ids").valueStream().map(id -> catalog.get(UUID.fromString(id.asString())))
                .filter(java.util.Objects::nonNull).toList();
        respond(exchange, 200, json.writeValueAsString(found));
    }

    private void tokenize(HttpExchange exchange) throws IOException {
        if (refuse(exchange)) {
            return;
        }
        String number = json.readTree(read(exchange.getRequestBody())).get("cardNumber").asString();
        String last4 = number.substring(number.length() - 4);
        String token = tokenForCard.getOrDefault(number, "pm_" + UUID.randomUUID());
        respond(exchange, 201, json.writeValueAsString(Map.of("token", token, "last4", last4)));
    }

    private boolean refuse(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestHeaders().getFirst("Authorization").startsWith("Bearer ")) {
            respond(exchange, 401, "{}");
            return true;
        }
        if (failing) {
            respond(exchange, 500, "{\"status\":500}");
            return true;
        }
        return false;
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    record Product(UUID id, String sku, String name, BigDecimal price, String currency, boolean active) {
    }
}
