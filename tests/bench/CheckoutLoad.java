import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Closed-loop checkout load through the gateway: {@code concurrency} buyers each place an order (card 4242...),
 * poll it every 20 ms until it is CONFIRMED or REJECTED, and start the next. Prints confirmed orders per second and
 * the latency of the POST and of POST → CONFIRMED. A single-file program: {@code java CheckoutLoad.java <gateway>
 * <admin-email> <admin-password> <orders> <concurrency> [warm-up]}. Run by tests/bench/checkout.sh.
 */
public class CheckoutLoad {

    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static String gateway;

    public static void main(String[] args) throws Exception {
        gateway = args[0];
        int orders = Integer.parseInt(args[3]);
        int concurrency = Integer.parseInt(args[4]);
        int warmUp = args.length > 5 ? Integer.parseInt(args[5]) : 200;
        String admin = field(post("/api/users/login", null, "{\"email\":\"%s\",\"password\":\"%s\"}".formatted(args[1], args[2])), "accessToken");
        String product = field(post("/api/products", admin, """
                {"sku":"BENCH-%d","name":"Bench item","description":"load test","category":"Home","price":1.00,"stock":%d}"""
                .formatted(System.nanoTime(), 10 * (orders + warmUp))), "id");
        String email = "bench-" + System.nanoTime() + "@example.com";
        post("/api/users/register", null, "{\"name\":\"Bench\",\"email\":\"%s\",\"password\":\"bench-password\"}".formatted(email));
        String customer = field(post("/api/users/login", null, "{\"email\":\"%s\",\"password\":\"bench-password\"}".formatted(email)), "accessToken");
        String body = """
                {"items":[{"productId":"%s","quantity":1}],"payment":{"cardNumber":"4242424242424242"},
                 "shippingAddress":{"name":"Bench","line1":"1 Load St","city":"Perf","postalCode":"1000","country":"US"}}"""
                .formatted(product);
        run(customer, body, warmUp, concurrency);
        Result result = run(customer, body, orders, concurrency);
        System.out.printf("| %d | %d | %.1f s | %.1f | %d | %.0f / %.0f ms | %.0f / %.0f / %.0f ms |%n", orders, concurrency,
                result.seconds, result.confirmed / result.seconds, result.rejected,
                pct(result.post, 50), pct(result.post, 99),
                pct(result.toConfirmed, 50), pct(result.toConfirmed, 95), pct(result.toConfirmed, 99));
    }

    record Result(double seconds, int confirmed, int rejected, List<Double> post, List<Double> toConfirmed) {
    }

    static Result run(String token, String body, int orders, int concurrency) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger confirmed = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        List<Double> post = Collections.synchronizedList(new ArrayList<>());
        List<Double> toConfirmed = Collections.synchronizedList(new ArrayList<>());
        long begin = System.nanoTime();
        try (ExecutorService buyers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int b = 0; b < concurrency; b++) {
                buyers.submit(() -> {
                    while (next.getAndIncrement() < orders) {
                        long start = System.nanoTime();
                        HttpResponse<String> placed = send(request("/api/orders", token)
                                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
                        post.add((System.nanoTime() - start) / 1e6);
                        if (placed.statusCode() != 202) {
                            System.err.println("POST answered " + placed.statusCode() + ": " + placed.body());
                            rejected.incrementAndGet();
                            continue;
                        }
                        String id = field(placed.body(), "id");
                        while (true) {
                            Thread.sleep(20);
                            String status = field(send(request("/api/orders/" + id, token).GET()).body(), "status");
                            if (status.equals("CONFIRMED")) {
                                toConfirmed.add((System.nanoTime() - start) / 1e6);
                                confirmed.incrementAndGet();
                                break;
                            }
                            if (status.equals("REJECTED")) {
                                rejected.incrementAndGet();
                                break;
                            }
                        }
                    }
                    return null;
                });
            }
        }
        return new Result((System.nanoTime() - begin) / 1e9, confirmed.get(), rejected.get(), post, toConfirmed);
    }

    static double pct(List<Double> values, int percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    static HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(30));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    static String post(String path, String token, String json) throws Exception {
        HttpResponse<String> response = send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("No " + name + " in " + json);
        }
        return m.group(1);
    }
}
