package dev.emporium.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The real launcher ({@code platform/launcher/target/launcher.jar}) started as a user starts it, on a port offset
 * and a fresh data directory, output to a file: for black-box tests that kill processes as an operator would.
 * {@link #close()} stops it (SIGTERM, then SIGKILL of whatever is left), prints the launcher's output and the last
 * warnings of every log, and deletes the data directory.
 */
public final class LaunchedPlatform implements AutoCloseable {

    public static final String ADMIN_EMAIL = "e2e-admin@emporium.test";
    public static final String ADMIN_PASSWORD = "e2e-admin-password";

    private static final Pattern INSTANCE = Pattern.compile(
            "\\{[^{}]*\"id\"\\s*:\\s*\"([^\"]+)\"[^{}]*\"pid\"\\s*:\\s*(-?\\d+)[^{}]*\"state\"\\s*:\\s*\"([A-Z]+)\"[^{}]*}");

    private final Path home;
    private final Path dataDir;
    private final Path output;
    private final int portOffset;
    private final Process launcher;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private LaunchedPlatform(Path home, Path dataDir, int portOffset, Process launcher) {
        this.home = home;
        this.dataDir = dataDir;
        this.output = dataDir.resolve("launcher.out");
        this.portOffset = portOffset;
        this.launcher = launcher;
    }

    /** Starts the launcher with {@code options} and the bootstrap admin above; does not wait for it. */
    public static LaunchedPlatform start(int portOffset, Map<String, String> environment, String... options) throws IOException {
        Path dataDir = Files.createTempDirectory("emporium-platform-");
        ProcessBuilder builder = launcher(dataDir, dataDir.resolve("launcher.out"), portOffset, options);
        builder.environment().putAll(environment);
        return new LaunchedPlatform(home(), dataDir, portOffset, builder.start());
    }

    /**
     * The launcher's command as a user runs it ({@code java @platform/launcher/launcher.jvm -jar
     * platform/launcher/target/launcher.jar}: the supervisor's own small JVM), quiet, on
     * {@code dataDir} and the port offset, with the bootstrap admin above, its output to {@code output}.
     */
    public static ProcessBuilder launcher(Path dataDir, Path output, int portOffset, String... options) {
        Path home = home();
        Path jar = home.resolve("platform/launcher/target/launcher.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The launcher jar is missing (" + jar + "): build with ./mvnw -DskipTests package");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.add("@" + home.resolve("platform/launcher/launcher.jvm"));
        command.addAll(List.of("-jar", jar.toString(), "--home", home.toString(), "--data-dir", dataDir.toString(),
                "--port-offset", String.valueOf(portOffset), "--quiet"));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        // every suite's platform shares the extracted jars and their CDS archives: the first stop writes an
        // instance's archive, every later start (and restart after a kill) of that instance is warm
        builder.environment().put("EMPORIUM_IMAGES_DIR", home.resolve("target/launcher-images").toString());
        builder.environment().put("EMPORIUM_ADMIN_EMAIL", ADMIN_EMAIL);
        builder.environment().put("EMPORIUM_ADMIN_PASSWORD", ADMIN_PASSWORD);
        return builder;
    }

    /** The checkout: the {@code emporium.home} system property, else the nearest directory up with mvnw. */
    public static Path home() {
        String property = System.getProperty("emporium.home");
        if (property != null) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("services"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the Emporium checkout; set -Demporium.home");
    }

    /** Waits until the gateway answers 200 on /api/health (every service UP). */
    public LaunchedPlatform awaitUp(Duration atMost) {
        try {
            Awaitility.await("the platform to report UP at /api/health").atMost(atMost).pollInterval(Duration.ofSeconds(1))
                    .failFast("the launcher exited", () -> !launcher.isAlive())
                    .until(() -> status("/api/health") == 200);
        } catch (ConditionTimeoutException | org.awaitility.core.TerminalFailureException e) {
            throw new IllegalStateException(e.getMessage() + "\n" + launcherOutput(), e);
        }
        return this;
    }

    public int port(int defaultPort) {
        return defaultPort + portOffset;
    }

    public String gateway() {
        return "http://localhost:" + port(8080);
    }

    public Process launcher() {
        return launcher;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** pid of an instance (e.g. {@code payment-service-1}, {@code kafka-1}) from {@code data/run/status.json}. */
    public long pid(String instance) {
        return instances().stream().filter(i -> i.id().equals(instance)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No instance " + instance)).pid();
    }

    public String state(String instance) {
        return instances().stream().filter(i -> i.id().equals(instance)).map(Instance::state).findFirst().orElse("?");
    }

    /** SIGKILL, as a crash or the OOM killer would; the launcher restarts it. Returns the pid killed. */
    public long kill(String instance) {
        long pid = pid(instance);
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        return pid;
    }

    public List<Instance> instances() {
        String status;
        try {
            status = Files.readString(dataDir.resolve("run/status.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Instance> found = new ArrayList<>();
        Matcher m = INSTANCE.matcher(status);
        while (m.find()) {
            found.add(new Instance(m.group(1), Long.parseLong(m.group(2)), m.group(3)));
        }
        return found;
    }

    public String launcherOutput() {
        try {
            return Files.exists(output) ? Files.readString(output) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private int status(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway() + path)).timeout(Duration.ofSeconds(5)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        if (launcher.isAlive()) {
            launcher.destroy();
            try {
                launcher.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (launcher.isAlive()) {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
        System.out.println("---- launcher output ----\n" + launcherOutput());
        Path logs = dataDir.resolve("logs");
        keepLogs(logs);
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path log : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                    List<String> problems = Files.readAllLines(log).stream()
                            .filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).toList();
                    System.out.println("---- " + log.getFileName() + ": " + problems.size() + " warnings/errors, the last 30 ----");
                    problems.subList(Math.max(0, problems.size() - 30), problems.size()).forEach(System.out::println);
                }
            }
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Keeps every log of the run in {@code target/platform-logs/<data dir>} of the module under test. */
    private static void keepLogs(Path logs) throws IOException {
        if (!Files.isDirectory(logs) || !Files.isDirectory(Path.of("target"))) {
            return;
        }
        Path kept = Path.of("target", "platform-logs", logs.getParent().getFileName().toString());
        Files.createDirectories(kept);
        try (Stream<Path> files = Files.list(logs)) {
            for (Path log : files.filter(Files::isRegularFile).toList()) {
                Files.copy(log, kept.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        System.out.println("---- logs kept in " + kept.toAbsolutePath() + " ----");
    }

    /** One line of status.json. */
    public record Instance(String id, long pid, String state) {
    }
}
