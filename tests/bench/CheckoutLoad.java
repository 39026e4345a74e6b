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
 * Checkout load through the gateway: {@code concurrency} buyers place orders (card 4242...) back to back. Prints
 * confirmed orders per second and the latency of the POST and of POST → CONFIRMED. A single-file program: {@code java CheckoutLoad.java <gateway>
 * <admin-email> <admin-password> <orders> <concurrency> [warm-up] [orders per second, 0 = flat out]}. Run by tests/bench/checkout.sh.
 */
public class CheckoutLoad {

    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static String gateway;

    public static void main(String[] args) throws Exception {
        gateway = args[0];
        int orders = Integer.parseInt(args[3]);
        int concurrency = Integer.parseInt(args[4]);
        int warmUp = args.length > 5 ? Integer.parseInt(args[5]) : 200;
        double rate = args.length > 6 ? Double.parseDouble(args[6]) : 0;
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
        run(customer, body, warmUp, concurrency, 0);
        Result result = run(customer, body, orders, concurrency, rate);
        System.out.printf("| %d | %s | %.1f s | %.1f | %d | %.0f / %.0f ms | %.0f / %.0f / %.0f ms |%n", orders,
                rate > 0 ? concurrency + " buyers at " + rate + "/s" : concurrency + " buyers, flat out",
                result.seconds, result.confirmed / result.seconds, result.rejected,
                pct(result.post, 50), pct(result.post, 99),
                pct(result.toConfirmed, 50), pct(result.toConfirmed, 95), pct(result.toConfirmed, 99));
    }

    record Result(double seconds, int confirmed, int rejected, List<Double> post, List<Double> toConfirmed) {
    }

    /**
     * Buyers only POST (no polling while the load runs, so the measurement does not load the platform); then every
     * order is read once it has ended. Latency is the buyer's POST start to the CONFIRMED entry of the order's
     * history (same machine, same clock); throughput is confirmed orders over first POST to last confirmation.
     */
    static Result run(String token, String body, int orders, int concurrency, double rate) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Double> post = Collections.synchronizedList(new ArrayList<>());
        List<String[]> placed = Collections.synchronizedList(new ArrayList<>());
        java.util.Map<String, Integer> refusals = new java.util.concurrent.ConcurrentSkipListMap<>();
        long firstPost = System.currentTimeMillis();
        try (ExecutorService buyers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int b = 0; b < concurrency; b++) {
                buyers.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < orders) {
                        if (rate > 0) {
                            pauseUntil(firstPost + (long) (i * 1000 / rate));
                        }
                        long startMillis;
                        HttpResponse<String> answer;
                        // a shed order (503 + Retry-After: nothing was stored) is placed again after the pause, as a
                        // well-behaved client does; spinning on 503s would measure the refusals, not the checkout
                        for (long giveUp = System.currentTimeMillis() + 60_000; ; ) {
                            startMillis = System.currentTimeMillis();
                            long start = System.nanoTime();
                            answer = send(request("/api/orders", token)
                                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
                            post.add((System.nanoTime() - start) / 1e6);
                            java.util.Optional<String> retryAfter = answer.headers().firstValue("Retry-After");
                            if (answer.statusCode() != 503 || retryAfter.isEmpty() || System.currentTimeMillis() > giveUp) {
                                break;
                            }
                            refusals.merge("503 shed, placed again after Retry-After", 1, Integer::sum);
                            pauseUntil(System.currentTimeMillis() + Long.parseLong(retryAfter.get()) * 1000);
                        }
                        if (answer.statusCode() != 202) {
                            String detail = answer.body().replaceAll(".*\"detail\":\"([^\"]*)\".*", "$1");
                            refusals.merge(answer.statusCode() + " " + detail, 1, Integer::sum);
                            continue;
                        }
                        placed.add(new String[] {field(answer.body(), "id"), Long.toString(startMillis)});
                    }
                    return null;
                });
            }
        }
        refusals.forEach((why, count) -> System.err.printf("  POST refused %d times: %s%n", count, why));
        int confirmed = 0;
        int rejected = orders - placed.size();
        long lastConfirmation = firstPost;
        List<Double> toConfirmed = new ArrayList<>();
        for (String[] order : placed) {
            while (true) {
                String json = send(request("/api/orders/" + order[0], token).GET()).body();
                String status = field(json, "status");
                if (status.equals("CONFIRMED")) {
                    Matcher at = Pattern.compile("\\{\"status\":\"CONFIRMED\",\"at\":\"([^\"]+)\"").matcher(json);
                    if (!at.find()) {
                        throw new IllegalStateException("No CONFIRMED entry in " + json);
                    }
                    long confirmedAt = java.time.Instant.parse(at.group(1)).toEpochMilli();
                    toConfirmed.add((double) (confirmedAt - Long.parseLong(order[1])));
                    lastConfirmation = Math.max(lastConfirmation, confirmedAt);
                    confirmed++;
                    break;
                }
                if (status.equals("REJECTED")) {
                    rejected++;
                    break;
                }
                Thread.sleep(100);
            }
        }
        return new Result((lastConfirmation - firstPost) / 1e3, confirmed, rejected, post, toConfirmed);
    }

    /** A buyer's pause: until its paced slot, or until the time a 503's Retry-After names (not a condition to poll). */
    static void pauseUntil(long epochMillis) throws InterruptedException {
        Thread.sleep(Math.max(0, epochMillis - System.currentTimeMillis()));
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
