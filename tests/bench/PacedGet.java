import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop GETs at a fixed rate, for latency below saturation: request i is due at start + i / rate, and its
 * latency is measured from when it was due (a stalled server is not hidden by a load generator that waits for it).
 * {@code java PacedGet.java <url> <requests per second> <seconds> [header: value]}; prints one line:
 * {@code achieved=<req/s> p50=<ms> p90=<ms> p99=<ms> max=<ms> errors=<n>}. Run by tests/bench/gateway.sh.
 */
public class PacedGet {

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        double rate = Double.parseDouble(args[1]);
        int seconds = Integer.parseInt(args[2]);
        HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET();
        if (args.length > 3) {
            String[] header = args[3].split(":\\s*", 2);
            builder.header(header[0], header[1]);
        }
        HttpRequest request = builder.build();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int total = (int) (rate * seconds);
        long[] latencies = new long[total];
        AtomicInteger errors = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                long due = start + (long) (i * 1e9 / rate);
                LockSupport.parkNanos(due - System.nanoTime());
                int n = i;
                requests.submit(() -> {
                    try {
                        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies[n] = System.nanoTime() - due;
                });
            }
        }
        double took = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        System.out.printf("achieved=%.0f p50=%.2f p90=%.2f p99=%.2f max=%.2f errors=%d%n", total / took,
                pct(latencies, 50), pct(latencies, 90), pct(latencies, 99), latencies[total - 1] / 1e6, errors.get());
    }

    static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)] / 1e6;
    }
}
