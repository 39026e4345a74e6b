package dev.emporium.testsupport;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The card-processor simulator (services/card-processor) as a real child process, for tests of its clients
 * (payment-service): a free port, its own temporary data directory, faults changeable at run time, its ledger, and
 * SIGKILL/restart with the same data and port, so a test can crash the "external provider" between a commit and an
 * answer. Needs the built jar ({@code services/card-processor/target/card-processor.jar}); a module using it declares
 * a test-scope dependency on {@code card-processor} ({@code <type>pom</type>}, all exclusions) for build order only.
 *
 * <pre>{@code
 * try (CardProcessorSimulator processor = CardProcessorSimulator.start()) {
 *     registry.add("emporium.payments.processor.url", processor::url);
 *     processor.faults(Duration.ZERO, 0, 1.0);          // every answer lost
 *     assertThat(processor.ledger(orderId)).hasSize(1);
 * }
 * }</pre>
 */
public final class CardProcessorSimulator implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final Path jar;
    private final Path dataDir;
    private final int port;
    private final Map<String, String> environment;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread reaper = new Thread(this::destroyQuietly, "card-processor-simulator-reaper");
    private Process process;

    private CardProcessorSimulator(Path jar, Path dataDir, int port, Map<String, String> environment) {
        this.jar = jar;
        this.dataDir = dataDir;
        this.port = port;
        this.environment = environment;
    }

    /** Starts the simulator without faults and waits (up to 60 s) until it is healthy. */
    public static CardProcessorSimulator start() {
        return start(Map.of());
    }

    /** Starts it with extra environment variables (e.g. {@code EMPORIUM_PROCESSOR_LATENCY}). */
    public static CardProcessorSimulator start(Map<String, String> environment) {
        Path jar = jar();
        try {
            CardProcessorSimulator simulator = new CardProcessorSimulator(jar,
                    Files.createTempDirectory("card-processor-"), freePort(), Map.copyOf(environment));
            Runtime.getRuntime().addShutdownHook(simulator.reaper);
            simulator.launch();
            return simulator;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Its base URL, e.g. {@code http://localhost:40123}: what {@code EMPORIUM_PROCESSOR_URL} is set to. */
    public String url() {
        return "http://localhost:" + port;
    }

    public int port() {
        return port;
    }

    /** Its data directory (the H2 database and its log, {@code card-processor.log}). */
    public Path dataDir() {
        return dataDir;
    }

    /** Replaces the injected faults (PUT /v1/faults): latency before each operation, then rates between 0 and 1. */
    public void faults(Duration latency, double transientFailureRate, double lostAnswerRate) {
        String body = "{\"latency\":\"%s\",\"transientFailureRate\":%s,\"lostAnswerRate\":%s}"
                .formatted(latency, transientFailureRate, lostAnswerRate);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url() + "/v1/faults"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("PUT /v1/faults answered " + response.statusCode() + ": " + response.body());
        }
    }

    /**
     * Every ledger entry of one reference (an order id), oldest first, as JSON maps ({@code amount} a BigDecimal with
     * two decimals, the other members strings).
     */
    public List<Map<String, Object>> ledger(String reference) {
        return ledgerAt("/v1/ledger?reference=" + URLEncoder.encode(reference, StandardCharsets.UTF_8));
    }

    /** The newest entries of the whole ledger (up to 10,000), newest last. */
    public List<Map<String, Object>> ledger() {
        return ledgerAt("/v1/ledger?limit=10000");
    }

    /** SIGKILL: the process dies at once, mid-request if need be; its committed data stays. */
    public void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            waitFor(process);
        }
    }

    /** Kills it if it runs, then starts it again on the same port and data directory and waits until healthy. */
    public void restart() {
        kill();
        launch();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops it (gracefully, then forcibly after 10 s) and deletes its data directory. */
    @Override
    public void close() {
        destroyQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or ran anyway
        }
        deleteRecursively(dataDir);
    }

    private void launch() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
                "-jar", jar.toString())
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("card-processor.log").toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("EMPORIUM_DATA_DIR", dataDir.toString());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + jar, e);
        }
        awaitHealthy();
    }

    private void awaitHealthy() {
        try {
            Awaitility.await("the card-processor simulator to be healthy").atMost(STARTUP_TIMEOUT)
                    .pollInterval(Duration.ofMillis(200))
                    .failFast("the simulator exited during startup", () -> !process.isAlive())
                    .until(this::healthy);
        } catch (ConditionTimeoutException | org.awaitility.core.TerminalFailureException e) {
            destroyQuietly();
            throw new IllegalStateException("The card-processor simulator was not healthy within " + STARTUP_TIMEOUT
                    + " on " + url() + " (" + e.getMessage() + "):\n" + logTail(), e);
        }
    }

    private boolean healthy() throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health")).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notListeningYet) {
            return false;
        }
    }

    private List<Map<String, Object>> ledgerAt(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url() + path)).GET());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        List<Map<String, Object>> entries = new ArrayList<>();
        List<Map<String, Object>> parsed = JsonPath.parse(response.body()).read("$");
        for (Map<String, Object> entry : parsed) {
            Map<String, Object> copy = new LinkedHashMap<>(entry);
            if (copy.get("amount") instanceof Number amount) {
                copy.put("amount", new BigDecimal(amount.toString()).setScale(2, RoundingMode.HALF_UP));
            }
            entries.add(copy);
        }
        return entries;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("The card-processor simulator at " + url() + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void destroyQuietly() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    waitFor(process);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void waitFor(Process process) {
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("card-processor.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** services/card-processor/target/card-processor.jar under {@code emporium.home} or the checkout we run in. */
    static Path jar() {
        Path root = root();
        Path jar = root.resolve("services/card-processor/target/card-processor.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The card-processor simulator is not built: " + jar + " is missing. Build "
                    + "services/card-processor first: ./mvnw -pl services/card-processor package -DskipTests "
                    + "(a module whose tests use it should declare a test-scope <type>pom</type> dependency on "
                    + "card-processor so the reactor builds it first).");
        }
        return jar;
    }

    private static Path root() {
        String home = System.getProperty("emporium.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            try {
                if (Files.isRegularFile(pom) && Files.readString(pom).contains("<artifactId>emporium</artifactId>")
                        && Files.isDirectory(dir.resolve("services"))) {
                    return dir;
                }
            } catch (IOException unreadable) {
                // keep walking up
            }
        }
        throw new IllegalStateException("Cannot find the Emporium checkout (the root pom.xml) above "
                + Path.of("").toAbsolutePath() + "; set -Demporium.home=/path/to/checkout");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // a temp directory: the OS cleans what is left
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }
}
