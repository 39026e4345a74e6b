package dev.emporium.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;

/**
 * Checkout on the launched platform, every service real: the "done when" (4242 confirmed with a captured
 * payment and stock reduced; 4000000000000002 rejected with stock restored; cancel refunds and restocks; an admin
 * refund cancels), then crash and resume: order-service, payment-service and a product-service instance are
 * SIGKILLed while checkouts are in flight, and every accepted order still ends CONFIRMED or REJECTED, each
 * confirmed order has exactly one captured payment, and no unit of stock is lost.
 */
final class CheckoutSuite {

    /** Kills one instance of the running platform (the launcher restarts it). */
    interface Killer {
        void kill(String instance) throws IOException;
    }

    static final String VISA = "4242424242424242";
    static final String DECLINED = "4000000000000002";
    static final String ADDRESS = """
            {"name":"Grace Hopper","line1":"1 Harbor Way","city":"Arlington","postalCode":"22201","country":"US"}""";

    private final GatewayClient client;
    private final String admin;
    private final String customer;
    private final Killer killer;

    CheckoutSuite(GatewayClient client, String adminToken, Killer killer) throws IOException, InterruptedException {
        this.client = client;
        this.admin = adminToken;
        String email = "grace-" + System.nanoTime() + "@example.com";
        client.register("Grace", email, "grace-password");
        this.customer = client.login(email, "grace-password");
        this.killer = killer;
    }

    void run() throws Exception {
        aCustomerBuysAndTheOrderIsConfirmedWithinSeconds();
        aDeclinedCardIsRejectedAndTheStockRestored();
        cancellingRefundsAndRestocks();
        anAdminRefundCancelsTheOrder();
        everyOrderEndsConsistentlyWhileServicesAreKilled();
    }

    void aCustomerBuysAndTheOrderIsConfirmedWithinSeconds() throws Exception {
        String product = newProduct(20, "12.50");
        long start = System.nanoTime();
        String order = place(product, 2, VISA, null);
        String confirmed = awaitStatus(order, Duration.ofSeconds(30), "CONFIRMED");
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("E2E: POST → CONFIRMED in %d ms%n", millis);
        assertThat(JsonPath.<Double>read(confirmed, "$.total")).isEqualTo(25.0);
        awaitPayment(order, "CAPTURED");
        assertThat(stock(product)).isEqualTo(18);
        // order-events -> notification-service: the confirmation email, visible to this customer only
        await("the ORDER_CONFIRMED notification").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> JsonPath.<List<String>>read(client.get("/api/notifications", customer).body(), "$.content[*].type")
                        .contains("ORDER_CONFIRMED"));
        assertThat(JsonPath.<List<String>>read(client.get("/api/notifications", admin).body(), "$.content[*].type"))
                .doesNotContain("ORDER_CONFIRMED");
        // the order page's one call: the order, its payments and its messages, composed by the gateway
        HttpResponse<String> details = client.get("/api/orders/" + order + "/details", customer);
        assertThat(details.statusCode()).as(details.body()).isEqualTo(200);
        assertThat(JsonPath.<String>read(details.body(), "$.order.status")).isEqualTo("CONFIRMED");
        assertThat(JsonPath.<List<String>>read(details.body(), "$.payments[*].status")).containsExactly("CAPTURED");
        assertThat(JsonPath.<List<String>>read(details.body(), "$.notifications[*].type")).contains("ORDER_CONFIRMED");
        assertThat(JsonPath.<List<String>>read(details.body(), "$.degraded")).isEmpty();
        assertThat(JsonPath.<List<String>>read(client.get("/api/orders/" + order + "/details", admin).body(),
                "$.notifications[*].type")).as("an admin sees the customer's messages about it").contains("ORDER_CONFIRMED");
        assertThat(client.get("/api/orders/" + UUID.randomUUID() + "/details", customer).statusCode()).isEqualTo(404);
        // order-events + payment-events -> analytics-service (Kafka Streams): the sale is in the admin's figures
        String range = "from=" + Instant.now().minus(Duration.ofHours(1)) + "&to=" + Instant.now().plus(Duration.ofHours(1));
        await("the sale in the admin's figures").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(IOException.class)
                .untilAsserted(() -> assertThat(JsonPath.<List<Integer>>read(client.get(
                        "/api/analytics/top-products?by=units&limit=100&" + range, admin).body(),
                        "$[?(@.productId=='" + product + "')].units")).containsExactly(2));
        String funnel = client.get("/api/analytics/funnel?" + range, admin).body();
        assertThat(JsonPath.<Integer>read(funnel, "$.placed")).isPositive();
        assertThat(JsonPath.<Integer>read(funnel, "$.confirmed")).isPositive();
        assertThat(client.get("/api/analytics/funnel", customer).statusCode()).as("a customer").isEqualTo(403);
    }

    void aDeclinedCardIsRejectedAndTheStockRestored() throws Exception {
        String product = newProduct(5, "3.00");
        String order = place(product, 2, DECLINED, null);
        String rejected = awaitStatus(order, Duration.ofSeconds(30), "REJECTED");
        assertThat(JsonPath.<String>read(rejected, "$.failureReason")).isEqualTo("PAYMENT_DECLINED");
        assertThat(stock(product)).isEqualTo(5);
        assertThat(JsonPath.<List<String>>read(payments(order), "$[*].status")).containsExactly("DECLINED");
    }

    void cancellingRefundsAndRestocks() throws Exception {
        String product = newProduct(4, "9.99");
        String order = place(product, 3, VISA, null);
        awaitStatus(order, Duration.ofSeconds(30), "CONFIRMED");
        awaitPayment(order, "CAPTURED");
        HttpResponse<String> cancel = client.post("/api/orders/" + order + "/cancel", customer, "");
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
        awaitStatus(order, Duration.ofSeconds(30), "CANCELLED");
        awaitPayment(order, "REFUNDED");
        assertThat(stock(product)).isEqualTo(4);
        assertThat(client.post("/api/orders/" + order + "/cancel", customer, "").statusCode()).isEqualTo(409);
    }

    void anAdminRefundCancelsTheOrder() throws Exception {
        String product = newProduct(2, "45.00");
        String order = place(product, 1, VISA, null);
        awaitStatus(order, Duration.ofSeconds(30), "CONFIRMED");
        String payment = JsonPath.read(awaitPayment(order, "CAPTURED"), "$[0].id");
        assertThat(client.post("/api/payments/" + payment + "/refund", customer, "").statusCode()).isEqualTo(403);
        HttpResponse<String> refund = client.post("/api/payments/" + payment + "/refund", admin, "");
        assertThat(refund.statusCode()).as(refund.body()).isEqualTo(202);
        awaitStatus(order, Duration.ofSeconds(30), "CANCELLED");
        assertThat(stock(product)).isEqualTo(2);
    }

    void everyOrderEndsConsistentlyWhileServicesAreKilled() throws Exception {
        int initial = 500;
        int orders = 40;
        String product = newProduct(initial, "2.00");
        ExecutorService buyers = Executors.newFixedThreadPool(4);
        Map<Integer, String> accepted = new ConcurrentHashMap<>();
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            int n = i;
            running.add(buyers.submit(() -> accepted.put(n, placeWithRetries(product, "crash-" + UUID.randomUUID()))));
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> accepted.size() >= 5);
        killer.kill("order-service-1");
        await().atMost(Duration.ofMinutes(3)).until(() -> accepted.size() >= 15);
        killer.kill("payment-service-1");
        await().atMost(Duration.ofMinutes(3)).until(() -> accepted.size() >= 25);
        killer.kill("product-service-1");
        for (Future<?> buyer : running) {
            buyer.get(5, TimeUnit.MINUTES);
        }
        buyers.shutdown();
        assertThat(accepted).hasSize(orders);
        int confirmed = 0;
        for (String order : accepted.values()) {
            String end = awaitStatus(order, Duration.ofMinutes(4), "CONFIRMED", "REJECTED");
            if ("CONFIRMED".equals(JsonPath.read(end, "$.status"))) {
                confirmed++;
                List<String> statuses = JsonPath.read(awaitPayment(order, "CAPTURED"), "$[*].status");
                assertThat(statuses).as("one payment, captured once, for " + order).containsExactly("CAPTURED");
            }
        }
        int sold = confirmed;
        System.out.printf("E2E: %d orders through three kills: %d CONFIRMED, %d REJECTED%n", orders, confirmed, orders - confirmed);
        await("stock conserved: available = initial - sold").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptionsInstanceOf(IOException.class)
                .untilAsserted(() -> assertThat(stock(product)).isEqualTo(initial - sold));
    }

    /** As a careful client: the same Idempotency-Key on every retry, until the order is accepted. */
    private String placeWithRetries(String product, String key) {
        String[] id = new String[1];
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            id[0] = place(product, 1, VISA, key);
            return id[0] != null;
        });
        return id[0];
    }

    /** The body of {@code POST /api/orders}: one line, a card, {@link #ADDRESS}. */
    static String orderBody(String product, int quantity, String card) {
        return "{\"items\":[{\"productId\":\"%s\",\"quantity\":%d}],\"payment\":{\"cardNumber\":\"%s\"},\"shippingAddress\":%s}"
                .formatted(product, quantity, card, ADDRESS);
    }

    private String place(String product, int quantity, String card, String key) throws IOException, InterruptedException {
        String body = orderBody(product, quantity, card);
        HttpRequest.Builder request = client.request("/api/orders", customer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        HttpResponse<String> placed = client.send(request);
        if (key != null && placed.statusCode() != 202) {
            return null;
        }
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        return JsonPath.read(placed.body(), "$.id");
    }

    private String awaitStatus(String order, Duration within, String... statuses) {
        String[] body = new String[1];
        await("order " + order + " to be " + String.join(" or ", statuses)).atMost(within).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    HttpResponse<String> response = client.get("/api/orders/" + order, customer);
                    body[0] = response.body();
                    return response.statusCode() == 200 && List.of(statuses).contains(JsonPath.<String>read(body[0], "$.status"));
                });
        return body[0];
    }

    private String awaitPayment(String order, String status) {
        String[] body = new String[1];
        await("payment of " + order + " to be " + status).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    body[0] = payments(order);
                    return JsonPath.<List<String>>read(body[0], "$[*].status").contains(status);
                });
        return body[0];
    }

    private String payments(String order) throws IOException, InterruptedException {
        return client.get("/api/payments?orderId=" + order, customer).body();
    }

    private int stock(String product) throws IOException, InterruptedException {
        return JsonPath.read(client.get("/api/products/" + product, null).body(), "$.stock");
    }

    private String newProduct(int stock, String price) throws IOException, InterruptedException {
        String sku = "CHK-" + System.nanoTime();
        HttpResponse<String> created = client.post("/api/products", admin, """
                {"sku":"%s","name":"Checkout %s","description":"e2e","category":"Home","price":%s,"stock":%d}"""
                .formatted(sku, sku, price, stock));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JsonPath.read(created.body(), "$.id");
    }
}
