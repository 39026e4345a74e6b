package dev.emporium.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import dev.emporium.contracts.catalog.v1.LookupRequest;
import dev.emporium.contracts.catalog.v1.Product;
import dev.emporium.contracts.catalog.v1.ProductLookupGrpc;
import dev.emporium.contracts.product.ProductTopics;
import dev.emporium.product.inventory.Inventory;
import dev.emporium.testsupport.ApiClient;
import dev.emporium.testsupport.TestTokens;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.grpc.test.autoconfigure.LocalGrpcPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.grpc.client.interceptor.security.BearerTokenAuthenticationInterceptor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The "Catalog" contract of the public API over real HTTP: browsing and search on the demo catalog, admin
 * maintenance and the inventory view with role checks in the service, validation that stores nothing, product
 * events on Kafka.
 * H2 here, PostgreSQL in {@link CatalogApiContractPostgresTest}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "eureka.client.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;DB_CLOSE_DELAY=-1",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "emporium.catalog.demo-data=true"})
@EmbeddedKafka(partitions = 1)
class CatalogApiContractTest {

    static final TestTokens tokens = new TestTokens();

    @LocalServerPort
    int port;

    @LocalGrpcPort
    int grpcPort;

    @Autowired
    EmbeddedKafkaBroker kafka;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Inventory inventory;

    private final String admin = tokens.admin("admin-1");
    private final String customer = tokens.customer("customer-1");

    @DynamicPropertySource
    static void jwks(DynamicPropertyRegistry registry) {
        tokens.registerJwks(registry);
    }

    @Test
    void seedsABelievableDemoCatalogOnce() throws Exception {
        HttpResponse<String> page = get("/api/products", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<Integer>read(page.body(), "$.page.totalElements")).isGreaterThanOrEqualTo(42);
        assertThat(JsonPath.<Integer>read(page.body(), "$.page.size")).isEqualTo(20);
        assertThat(JsonPath.<List<Object>>read(page.body(), "$.content")).hasSize(20);
        List<Map<String, Object>> categories = JsonPath.read(get("/api/products/categories", null).body(), "$");
        assertThat(categories).hasSizeGreaterThanOrEqualTo(6);
        assertThat(categories).allSatisfy(c -> assertThat(((Number) c.get("productCount")).intValue()).isPositive());
        long seeded = jdbc.sql("select count(*) from product where sku like 'KIT-%'").query(Long.class).single();
        assertThat(seeded).isEqualTo(6);
    }

    @Test
    void searchesNameAndDescriptionIgnoringCase() throws Exception {
        assertThat(names("/api/products?q=SKILLET")).containsExactly("Cast Iron Skillet 26 cm");
        assertThat(names("/api/products?q=walnut")).containsExactly("Chef's Knife 20 cm");
        assertThat(names("/api/products?q=%25")).as("wildcards are literal").isEmpty();
        assertThat(names("/api/products?q=_")).isEmpty();
    }

    @Test
    void filtersSortsAndPages() throws Exception {
        List<Map<String, Object>> books = JsonPath.read(get("/api/products?category=Books&sort=price&size=100", null).body(), "$.content");
        assertThat(books).hasSizeGreaterThanOrEqualTo(6).allSatisfy(p -> assertThat(p.get("category")).isEqualTo("Books"));
        assertThat(books).extracting(p -> new BigDecimal(p.get("price").toString())).isSortedAccordingTo(Comparator.naturalOrder());
        List<Map<String, Object>> expensiveFirst = JsonPath.read(
                get("/api/products?minPrice=100&maxPrice=250&sort=-price", null).body(), "$.content");
        assertThat(expensiveFirst).isNotEmpty().extracting(p -> new BigDecimal(p.get("price").toString()))
                .isSortedAccordingTo(Comparator.reverseOrder())
                .allSatisfy(price -> assertThat(price).isBetween(new BigDecimal("100"), new BigDecimal("250")));
        assertThat(names("/api/products?sort=name&size=3")).isSortedAccordingTo(Comparator.naturalOrder());
        HttpResponse<String> second = get("/api/products?page=1&size=5&sort=name", null);
        assertThat(JsonPath.<Integer>read(second.body(), "$.page.number")).isEqualTo(1);
        assertThat(JsonPath.<List<Object>>read(second.body(), "$.content")).hasSize(5);
        assertThat(get("/api/products?sort=newest", null).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesBadQueriesWith400() throws Exception {
        for (String query : List.of("size=101", "size=0", "page=-1", "sort=cheapest", "minPrice=abc", "minPrice=-1")) {
            assertProblem(get("/api/products?" + query, null), 400);
        }
        assertProblem(get("/api/products/not-a-uuid", null), 400);
        assertProblem(get("/api/products/" + UUID.randomUUID(), null), 404);
    }

    @Test
    void adminsCreateUpdateAdjustAndDeleteProducts() throws Exception {
        String sku = "TEST-" + UUID.randomUUID().toString().substring(0, 8);
        String body = product(sku, "Test Lantern", "19.99", 7);
        assertProblem(post("/api/products", null, body), 401);
        assertProblem(post("/api/products", customer, body), 403);
        assertProblem(post("/api/products", customer, "{}"), 403);

        HttpResponse<String> created = post("/api/products", admin, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = JsonPath.read(created.body(), "$.id");
        assertThat(created.headers().firstValue("Location")).contains("/api/products/" + id);
        assertThat(JsonPath.<Double>read(created.body(), "$.price")).isEqualTo(19.99);
        assertThat(JsonPath.<Integer>read(created.body(), "$.stock")).isEqualTo(7);
        assertThat(JsonPath.<String>read(created.body(), "$.currency")).isEqualTo("USD");
        assertProblem(post("/api/products", admin, product(sku, "Same SKU", "5.00", 1)), 409);

        HttpResponse<String> updated = api().put("/api/products/" + id, admin, "{\"sku\":\"" + sku + "\",\"name\":\"Test Lantern XL\","
                + "\"description\":\"Brighter\",\"category\":\"Outdoors\",\"price\":24.50}");
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(JsonPath.<String>read(updated.body(), "$.name")).isEqualTo("Test Lantern XL");
        assertThat(JsonPath.<Integer>read(updated.body(), "$.stock")).as("an edit never touches stock").isEqualTo(7);

        assertThat(JsonPath.<Integer>read(patch("/api/products/" + id + "/stock", admin, "{\"delta\":5}").body(), "$.stock")).isEqualTo(12);
        assertProblem(patch("/api/products/" + id + "/stock", admin, "{\"delta\":-13}"), 409);
        assertProblem(patch("/api/products/" + id + "/stock", customer, "{\"delta\":1}"), 403);

        assertProblem(api().delete("/api/products/" + id, customer), 403);
        assertThat(api().delete("/api/products/" + id, admin).statusCode()).isEqualTo(204);
        assertProblem(get("/api/products/" + id, null), 404);
        assertThat(names("/api/products?q=lantern")).doesNotContain("Test Lantern XL");
        assertProblem(api().delete("/api/products/" + id, admin), 404);
        assertProblem(patch("/api/products/" + id + "/stock", admin, "{\"delta\":1}"), 404);
    }

    @Test
    void adminsSeeTheInventoryCountsOfAProductEvenOnceDeleted() throws Exception {
        String id = JsonPath.read(post("/api/products", admin, product("INV-" + UUID.randomUUID().toString().substring(0, 8),
                "Inventory Lamp", "10.00", 6)).body(), "$.id");
        String path = "/api/products/" + id + "/inventory";
        assertProblem(get(path, null), 401);
        assertProblem(get(path, customer), 403);
        assertProblem(get("/api/products/" + UUID.randomUUID() + "/inventory", admin), 404);
        assertProblem(get("/api/products/not-a-uuid/inventory", admin), 400);

        inventory.reserve("order-" + UUID.randomUUID(), Map.of(UUID.fromString(id), 2));
        String sold = "order-" + UUID.randomUUID();
        inventory.reserve(sold, Map.of(UUID.fromString(id), 1));
        inventory.commit(sold);
        HttpResponse<String> counts = get(path, admin);
        assertThat(counts.statusCode()).as(counts.body()).isEqualTo(200);
        assertThat(JsonPath.<Map<String, Object>>read(counts.body(), "$"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("productId", id, "available", 3, "reserved", 2, "sold", 1));

        assertThat(api().delete("/api/products/" + id, admin).statusCode()).isEqualTo(204);
        assertThat(JsonPath.<Integer>read(get(path, admin).body(), "$.reserved")).as("a deleted product's stock still answers")
                .isEqualTo(2);
    }

    @Test
    void refusesInvalidProductsAndStoresNothing() throws Exception {
        String sku = "BAD-" + UUID.randomUUID().toString().substring(0, 8);
        for (String body : List.of(product(sku, "Zero", "0", 1), product(sku, "Negative stock", "1.00", -1),
                product(sku, "Three decimals", "1.999", 1), product(sku, "", "1.00", 1),
                "{\"sku\":\"" + sku + "\",\"name\":\"No price\",\"description\":\"\",\"category\":\"X\",\"stock\":1}",
                "{\"sku\":\"" + sku + "\",\"name\":\"Text price\",\"description\":\"\",\"category\":\"X\",\"price\":\"cheap\",\"stock\":1}")) {
            HttpResponse<String> response = post("/api/products", admin, body);
            assertProblem(response, 400);
            assertThat(JsonPath.<List<Object>>read(response.body(), "$.errors")).isNotEmpty();
        }
        assertThat(jdbc.sql("select count(*) from product where sku = ?").param(sku).query(Long.class).single()).isZero();
    }

    @Test
    void looksUpSnapshotsForOrdersIncludingDeletedProducts() throws Exception {
        String id = JsonPath.read(post("/api/products", admin, product("LOOK-" + UUID.randomUUID().toString().substring(0, 6),
                "Lookup Lamp", "10.00", 3)).body(), "$.id");
        api().delete("/api/products/" + id, admin);
        String kettle = JsonPath.<List<String>>read(get("/api/products?q=kettle", null).body(), "$.content[*].id").getFirst();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", grpcPort).usePlaintext().build();
        try {
            ProductLookupGrpc.ProductLookupBlockingStub lookup = ProductLookupGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(5, TimeUnit.SECONDS);
            LookupRequest request = LookupRequest.newBuilder().addIds(id).addIds(kettle).addIds(UUID.randomUUID().toString())
                    .addIds(kettle).build();
            assertThatThrownBy(() -> lookup.lookup(request)).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
            for (String bad : List.of("not-a-token", tokens.expiredService("order-service", "product-service", "catalog.lookup"),
                    tokens.forgedService("order-service", "product-service", "catalog.lookup"))) {
                assertThatThrownBy(() -> as(lookup, bad).lookup(request)).isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
            }
            // valid tokens, but not a service's with the scope, addressed to product-service: 403
            for (String notAllowed : List.of(customer, admin, tokens.service("notification-service", "notification-service"),
                    tokens.service("order-service", "payment-service", "catalog.lookup"),
                    tokens.service("order-service", "product-service", "payments.tokenize"))) {
                assertThatThrownBy(() -> as(lookup, notAllowed).lookup(request)).isInstanceOfSatisfying(
                        StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
            }
            String orderService = tokens.service("order-service", "product-service", "catalog.lookup", "payments.tokenize");

            List<Product> found = as(lookup, orderService).lookup(request).getProductsList();
            assertThat(found).extracting(Product::getId).containsExactlyInAnyOrder(id, kettle);
            assertThat(found).filteredOn(p -> p.getId().equals(id)).singleElement()
                    .satisfies(p -> assertThat(p.getActive()).isFalse());
            assertThat(found).filteredOn(p -> p.getId().equals(kettle)).singleElement().satisfies(p -> {
                assertThat(p.getActive()).isTrue();
                assertThat(new BigDecimal(p.getPrice())).isPositive();
                assertThat(p.getCurrency()).hasSize(3);
            });

            LookupRequest.Builder tooMany = LookupRequest.newBuilder();
            for (int i = 0; i < 51; i++) {
                tooMany.addIds(UUID.randomUUID().toString());
            }
            for (LookupRequest invalid : List.of(LookupRequest.getDefaultInstance(), tooMany.build(),
                    LookupRequest.newBuilder().addIds("not-a-uuid").build())) {
                assertThatThrownBy(() -> as(lookup, orderService).lookup(invalid)).isInstanceOfSatisfying(
                        StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
            }
            // the REST endpoint it replaced is gone: one way to do each thing
            assertThat(post("/internal/products/lookup", customer, "{\"ids\":[\"" + id + "\"]}").statusCode()).isEqualTo(404);
        } finally {
            channel.shutdownNow();
        }
    }

    private static ProductLookupGrpc.ProductLookupBlockingStub as(ProductLookupGrpc.ProductLookupBlockingStub stub, String token) {
        return stub.withInterceptors(new BearerTokenAuthenticationInterceptor(() -> token));
    }

    @Test
    void publishesProductEventsThroughTheOutbox() throws Exception {
        String sku = "EVT-" + UUID.randomUUID().toString().substring(0, 8);
        String id = JsonPath.read(post("/api/products", admin, product(sku, "Event Mug", "12.00", 4)).body(), "$.id");
        patch("/api/products/" + id + "/stock", admin, "{\"delta\":2}");
        Map<String, Object> props = KafkaTestUtils.consumerProps(kafka, "test-" + UUID.randomUUID(), false);
        props.put("auto.offset.reset", "earliest");
        try (Consumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(ProductTopics.PRODUCT_EVENTS));
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                List<String> types = seen.stream().filter(r -> id.equals(r.key()))
                        .map(r -> JsonPath.<String>read(r.value(), "$.type")).toList();
                assertThat(types).contains("dev.emporium.product.ProductCreated.v1", "dev.emporium.product.StockChanged.v1");
            });
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private static String product(String sku, String name, String price, int stock) {
        return "{\"sku\":\"" + sku + "\",\"name\":\"" + name + "\",\"description\":\"A test product\","
                + "\"category\":\"Outdoors\",\"price\":" + price + ",\"stock\":" + stock + "}";
    }

    private List<String> names(String path) throws Exception {
        HttpResponse<String> response = get(path, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonPath.read(response.body(), "$.content[*].name");
    }

    private void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).doesNotContain("Exception", "SQL", "select ");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return api().get(path, token);
    }

    private HttpResponse<String> post(String path, String token, String json) throws Exception {
        return api().post(path, token, json);
    }

    private HttpResponse<String> patch(String path, String token, String json) throws Exception {
        return api().patch(path, token, json);
    }

    private ApiClient api() {
        return ApiClient.localhost(port);
    }
}
