package dev.emporium.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code --with-tracing}: Zipkin's own server (its executable jar from Maven Central, which
 * {@code ./emporium --with-tracing} fetches into {@code platform/launcher/target/tools}) as one more child
 * JVM with in-memory storage. Every service sends its spans there; the UI shows one checkout as one trace.
 */
final class TraceUi {

    static final String JAR = "platform/launcher/target/tools/zipkin-server.jar";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path jar;
    private final int port;
    private final Path log;
    private Process process;

    TraceUi(Path home, int port, Path logDir) {
        this.jar = home.resolve(JAR);
        this.port = port;
        this.log = logDir.resolve("zipkin.log");
    }

    boolean available() {
        return Files.isRegularFile(jar);
    }

    Path jar() {
        return jar;
    }

    String uiUrl() {
        return "http://localhost:" + port + "/zipkin/";
    }

    /** Starts Zipkin and waits until it answers its health check; false when it did not in time. */
    boolean start(String java) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xms32m", "-Xmx256m", "-jar", jar.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("QUERY_PORT", String.valueOf(port));
        builder.environment().put("STORAGE_TYPE", "mem");
        builder.environment().put("MEM_MAX_SPANS", "200000");
        builder.environment().put("JAVA_OPTS", "");
        process = builder.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health"))
                .timeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // still starting
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        return false;
    }

    void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
