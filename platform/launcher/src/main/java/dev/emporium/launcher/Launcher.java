package dev.emporium.launcher;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./emporium}: the whole platform on one machine with nothing but a JDK. Kafka first, then discovery, the
 * card-processor simulator, the services and the gateway, each a child JVM the launcher supervises (a crashed one
 * is restarted); "Emporium is up" once the gateway reports every service UP. Ctrl-C or SIGTERM stops everything;
 * nothing is left running.
 */
public final class Launcher {

    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("dead-letters")) {
            System.exit(DeadLetters.run(java.util.Arrays.asList(args).subList(1, args.length)));
            return;
        }
        if (args.length > 0 && args[0].equals("kafka-broker")) {
            System.exit(KafkaBrokerProcess.run(java.util.Arrays.asList(args).subList(1, args.length)));
            return;
        }
        Console console = Console.detect();
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(args, System.getenv());
        } catch (LauncherOptions.UsageException | NumberFormatException e) {
            if (e.getMessage() != null) {
                console.error(e.getMessage());
            }
            console.print(LauncherOptions.USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        System.exit(run(options, console));
    }

    static int run(LauncherOptions options, Console console) throws Exception {
        Instant begin = Instant.now();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        AppImages images = new AppImages(options.home(), options.imagesDir(), java);
        List<String> apps = new ArrayList<>(LauncherOptions.SERVICES);
        if (options.monolith()) {
            apps.add(Supervisor.MONOLITH);
        }
        List<Path> missing = images.missingJars(apps);
        if (!missing.isEmpty()) {
            console.error("Not built yet: " + missing + "\n  Build with ./mvnw -DskipTests package, or start with ./emporium");
            return 1;
        }
        Path runDir = options.dataDir().resolve("run");
        Files.createDirectories(options.dataDir().resolve("logs"));
        Files.createDirectories(runDir);
        FileChannel lockChannel = FileChannel.open(runDir.resolve("launcher.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockChannel.tryLock();
        if (lock == null) {
            console.error("Another launcher is already running on " + options.dataDir()
                    + " (see " + runDir.resolve("status.json") + ")");
            return 1;
        }
        console.info("Emporium: data in " + options.dataDir() + ", logs in " + options.dataDir().resolve("logs"));
        options.portsInEphemeralRange(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).ifPresent(console::error);
        String bootstrap = options.kafkaBootstrap();
        console.info(options.externalKafka() == null
                ? "Kafka: embedded KRaft broker (its own JVM, supervised) on " + bootstrap
                : "Kafka: using " + bootstrap);
        if (options.monolith()) {
            console.info("Topology: monolith, " + options.hostedByMonolith() + " in one JVM"
                    + (options.extracted().isEmpty() ? "" : "; extracted to their own: " + options.extracted()));
        }
        console.info(options.externalProcessor() == null
                ? "Card processor: the simulator on " + options.processorUrl()
                : "Card processor: " + options.processorUrl());

        TraceUi traceUi = null;
        if (options.localTraceUi()) {
            traceUi = new TraceUi(options.home(), options.zipkinPort(), options.dataDir().resolve("logs"));
            if (!traceUi.available()) {
                console.error("--with-tracing: " + traceUi.jar() + " is missing; ./emporium --with-tracing fetches it"
                        + " (or ./mvnw -pl platform/launcher dependency:copy@zipkin-server)");
                return 1;
            }
            Instant zipkinBegin = Instant.now();
            if (!traceUi.start(java)) {
                traceUi.stop();
                console.error("Zipkin did not start; see " + options.dataDir().resolve("logs").resolve("zipkin.log"));
                return 1;
            }
            console.info("Trace UI (Zipkin) on " + traceUi.uiUrl() + " in " + seconds(Duration.between(zipkinBegin, Instant.now())));
        } else if (options.zipkin() != null) {
            console.info("Spans go to " + options.zipkin());
        }

        StatusBoard board = new StatusBoard(console, runDir);
        board.kafka(bootstrap);
        Supervisor supervisor = new Supervisor(options, images, console, board, java);
        CountDownLatch stopped = new CountDownLatch(1);
        TraceUi traceUiToStop = traceUi;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            console.echoServiceLogs(false);
            board.release();
            console.info("stopping Emporium ...");
            supervisor.stopAll(STOP_GRACE);
            if (traceUiToStop != null) {
                traceUiToStop.stop();
            }
            board.platformUp(false);
            console.info("stopped");
            stopped.countDown();
        }, "emporium-shutdown"));

        supervisor.startAll(bootstrap);
        CompletableFuture<Void> up = new CompletableFuture<>();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("status-board").factory());
        ticker.scheduleWithFixedDelay(() -> {
            board.draw();
            if (supervisor.platformUp()) {
                up.complete(null);
            }
        }, 0, 500, TimeUnit.MILLISECONDS);
        up.join();
        ticker.shutdownNow();
        board.draw();
        board.release();
        board.platformUp(true);
        List<Long> pids = new ArrayList<>();
        pids.add(ProcessHandle.current().pid());
        supervisor.instances().forEach(i -> pids.add(i.pid()));
        long rss = StatusBoard.residentBytes(pids);
        console.info(String.format("Emporium is up in %s — storefront http://localhost:%d  (%d JVMs%s)",
                seconds(Duration.between(begin, Instant.now())), options.port("api-gateway"), pids.size(),
                rss > 0 ? String.format(", %.2f GB resident", rss / 1e9) : ""));
        console.info("health http://localhost:" + options.port("api-gateway") + "/api/health"
                + (traceUi != null ? " · traces " + traceUi.uiUrl() : "") + " · Ctrl-C stops everything");
        console.echoServiceLogs(!options.quiet());
        stopped.await();
        lock.release();
        return 0;
    }

    private static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }
}
