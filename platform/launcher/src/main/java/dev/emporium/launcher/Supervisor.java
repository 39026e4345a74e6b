package dev.emporium.launcher;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Starts every instance, watches readiness, restarts what crashes (with exponential backoff, like a
 * process supervisor) and stops everything gracefully, killing what does not stop in time.
 */
final class Supervisor {

    /** The instance (and app image) name of the modular monolith, platform/monolith. */
    static final String MONOLITH = "monolith";

    private static final Duration READY_POLL = Duration.ofMillis(500);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration STABLE_AFTER = Duration.ofSeconds(60);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final LauncherOptions options;
    private final AppImages images;
    private final Console console;
    private final StatusBoard board;
    private final String java;
    private final List<ServiceInstance> instances = new CopyOnWriteArrayList<>();
    private final Map<ServiceInstance, Duration> backoff = new HashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2,
            Thread.ofPlatform().daemon().name("supervisor-", 0).factory());
    /** Each service's client secret at user-service, made for this run and given only to the two of them. */
    private final Map<String, String> clientSecrets = clientSecrets();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private volatile boolean stopping;

    Supervisor(LauncherOptions options, AppImages images, Console console, StatusBoard board, String java) {
        this.options = options;
        this.images = images;
        this.console = console;
        this.board = board;
        this.java = java;
    }

    /**
     * Creates and starts every instance: the embedded Kafka broker first (not waited for), then discovery (waited
     * for: it serves the central configuration), the services and the gateway last.
     */
    static final Duration CONFIG_SERVER_WAIT = Duration.ofSeconds(90);

    void startAll(String kafkaBootstrap) throws IOException, InterruptedException {
        int color = 0;
        if (options.externalKafka() == null) {
            ServiceInstance broker = kafkaBroker(color++);
            instances.add(broker);
            board.track(instances);
            // not waited for: the services need the broker only seconds into their start (topics are created and
            // consumers join once their contexts are built, with retries), so the broker's ~4 s start overlaps theirs
            start(broker);
        }
        for (String service : LauncherOptions.SERVICES) {
            if (options.instances().get(service) == 0 || options.hostedByMonolith().contains(service)) {
                continue;
            }
            Path jar = images.prepare(service);
            for (int n = 1; n <= options.instances().get(service); n++) {
                instances.add(create(service, n, color++, jar, kafkaBootstrap));
            }
        }
        if (options.monolith()) {
            instances.add(createMonolith(color, images.prepare(MONOLITH), kafkaBootstrap));
        }
        board.track(instances);
        startConfigServerFirst();
        for (ServiceInstance instance : instances) {
            if (instance.process() == null) {
                start(instance);
            }
        }
        scheduler.scheduleWithFixedDelay(this::pollReadiness, READY_POLL.toMillis(), READY_POLL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * discovery-server is also the config server: every service reads its central configuration once, as it starts,
     * so discovery goes first and the others follow when it is ready (at most {@link #CONFIG_SERVER_WAIT}; past it
     * they start anyway, on their built-in defaults, and say so). The broker's start overlaps it.
     */
    private void startConfigServerFirst() throws IOException, InterruptedException {
        ServiceInstance discovery = instances.stream().filter(i -> i.service().equals("discovery-server")).findFirst()
                .orElse(null);
        if (discovery == null) {
            return;
        }
        start(discovery);
        java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
        var poll = scheduler.scheduleWithFixedDelay(() -> {
            if (isReady(discovery)) {
                ready.countDown();
            }
        }, 200, 200, TimeUnit.MILLISECONDS);
        try {
            if (!ready.await(CONFIG_SERVER_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                console.error("discovery-server (registry and config server) is not ready after "
                        + CONFIG_SERVER_WAIT.toSeconds() + " s; starting the services on their built-in defaults");
            }
        } finally {
            poll.cancel(false);
        }
    }

    private ServiceInstance create(String service, int n, int color, Path jar, String kafkaBootstrap) throws IOException {
        boolean first = n == 1;
        int port = first ? options.port(service) : freePort();
        boolean gateway = service.equals("api-gateway");
        int managementPort = gateway ? (first ? options.gatewayManagementPort() : freePort()) : port;
        String id = service + "-" + n;

        Map<String, String> env = platformEnvironment(id, kafkaBootstrap);
        env.put("PORT", String.valueOf(port));
        env.put("EMPORIUM_INSTANCE_ID", id);
        if (options.grpcPort(service).isPresent()) {
            env.put("GRPC_PORT", String.valueOf(first ? options.grpcPort(service).get() : freePort()));
        }
        if (gateway) {
            env.put("MANAGEMENT_PORT", String.valueOf(managementPort));
        }
        env.putAll(identity(service, ""));
        env.putAll(serviceOverrides(service, System.getenv()));
        return new ServiceInstance(service, n, port, List.of(managementPort), color, command(id, jar, List.of()), env,
                options.dataDir().resolve("logs").resolve(id + ".log"), console);
    }

    /**
     * The monolith: one JVM hosting every service not extracted, each module on its usual port. What the launcher
     * gives a service's process as {@code PORT}, the monolith's module gets as {@code ORDER_SERVICE_PORT} (the same
     * per-service convention as {@link #serviceOverrides}, applied by the monolith to each module). Ready when every
     * hosted module is.
     */
    private ServiceInstance createMonolith(int color, Path jar, String kafkaBootstrap) throws IOException {
        String id = MONOLITH + "-1";
        Map<String, String> env = platformEnvironment(id, kafkaBootstrap);
        env.put("EMPORIUM_EXTRACTED", String.join(",", options.extracted()));
        List<Integer> readiness = new ArrayList<>();
        for (String module : options.hostedByMonolith()) {
            String prefix = variablePrefix(module);
            env.put(prefix + "PORT", String.valueOf(options.port(module)));
            options.grpcPort(module).ifPresent(grpc -> env.put(prefix + "GRPC_PORT", String.valueOf(grpc)));
            env.put(prefix + "EMPORIUM_INSTANCE_ID", module + "-1");
            env.putAll(identity(module, prefix));
            if (module.equals("api-gateway")) {
                env.put(prefix + "MANAGEMENT_PORT", String.valueOf(options.gatewayManagementPort()));
                readiness.add(options.gatewayManagementPort());
            } else {
                readiness.add(options.port(module));
            }
        }
        int port = options.hostedByMonolith().contains("api-gateway") ? options.port("api-gateway") : readiness.get(0);
        return new ServiceInstance(MONOLITH, 1, port, readiness, color,
                command(id, jar, options.jvmOptions().equals(LauncherOptions.LAPTOP_JVM_OPTIONS)
                        ? LauncherOptions.MONOLITH_JVM_OPTIONS : List.of()), env,
                options.dataDir().resolve("logs").resolve(id + ".log"), console);
    }

    private List<String> command(String id, Path jar, List<String> extraJvmOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(options.jvmOptions());
        command.addAll(extraJvmOptions);
        command.addAll(images.classDataSharing(id));
        command.add("-Dfile.encoding=UTF-8");
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    /** What every service process (or the monolith) is told about the platform around it. */
    private Map<String, String> platformEnvironment(String id, String kafkaBootstrap) {
        Map<String, String> env = new HashMap<>();
        env.put("EMPORIUM_PARENT_PID", String.valueOf(ProcessHandle.current().pid()));
        env.put("EMPORIUM_DATA_DIR", options.dataDir().toString());
        env.put("EUREKA_URL", options.eurekaUrl());
        // the central configuration: the config/ folder of this checkout (or EMPORIUM_CONFIG_DIR), served by
        // discovery-server
        env.put("EMPORIUM_CONFIG_URL", options.configUrl());
        env.put("EMPORIUM_CONFIG_DIR", options.configDir().toUri().toString());
        // a config server that hangs must not hold a start for the client's default 185 s
        env.put("SPRING_CLOUD_CONFIG_REQUEST_CONNECT_TIMEOUT", "2000");
        env.put("SPRING_CLOUD_CONFIG_REQUEST_READ_TIMEOUT", "5000");
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        env.put("LOGGING_FILE_NAME", options.dataDir().resolve("logs").resolve(id + ".json").toString());
        env.put("LOGGING_PATTERN_CONSOLE",
                "%d{HH:mm:ss.SSS} %5p [%X{traceId:-},%X{spanId:-}] %-40.40logger{39} : %m%n%wEx");
        env.put("EMPORIUM_PROCESSOR_URL", options.processorUrl());
        if (options.zipkin() != null) {
            env.put("ZIPKIN_ENDPOINT", options.zipkin());
        }
        if (options.localTraceUi()) {
            env.put("EMPORIUM_OPS_TRACE_UI", "http://localhost:" + options.zipkinPort() + "/zipkin/"); // the console links it
        }
        if (options.dnsDiscovery()) {
            env.put("SPRING_PROFILES_ACTIVE", "kubernetes");
            env.put("SPRING_CLOUD_CONFIG_ENABLED", "false"); // no discovery-server, so no config server: built-in defaults
            env.put("LOGGING_STRUCTURED_FORMAT_CONSOLE", ""); // the merged console stays text; files stay JSON
            for (String other : LauncherOptions.SERVICES) {
                env.put("EMPORIUM_" + variablePrefix(other) + "URL",
                        "http://localhost:" + options.port(other));
            }
            LauncherOptions.GRPC_PORTS.keySet().forEach(other -> env.put("EMPORIUM_" + variablePrefix(other) + "GRPC_PORT",
                    String.valueOf(options.grpcPort(other).orElseThrow())));
        }
        return env;
    }

    /**
     * The embedded broker as a child JVM of its own ({@code launcher.jar kafka-broker}), so it can crash, be killed
     * and come back like any service; ready when its port accepts connections.
     */
    private ServiceInstance kafkaBroker(int color) throws IOException {
        Path launcherJar = options.home().resolve("platform/launcher/target/launcher.jar");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(options.jvmOptions());
        command.add("-Xmx384m");
        command.add("-Demporium.kafka.log=" + options.dataDir().resolve("logs").resolve("kafka.log"));
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-jar", launcherJar.toString(), "kafka-broker", "--data-dir",
                options.dataDir().resolve("kafka").toString(), "--port", String.valueOf(options.kafkaPort()),
                "--controller-port", String.valueOf(options.kafkaControllerPort())));
        Map<String, String> env = new HashMap<>();
        env.put("EMPORIUM_PARENT_PID", String.valueOf(ProcessHandle.current().pid()));
        return new ServiceInstance("kafka", 1, options.kafkaPort(), List.of(options.kafkaPort()), color, command, env,
                options.dataDir().resolve("logs").resolve("kafka-1.log"), console);
    }

    /** The services with an identity of their own (client credentials at user-service: docs/security.md). */
    static final List<String> SERVICE_CLIENTS = List.of("product-service", "order-service", "payment-service",
            "notification-service", "analytics-service");

    /** {@code EMPORIUM_CLIENT_SECRET_ORDER_SERVICE} in the launcher's environment if set, else 256 random bits. */
    private static Map<String, String> clientSecrets() {
        SecureRandom random = new SecureRandom();
        Map<String, String> secrets = new HashMap<>();
        for (String client : SERVICE_CLIENTS) {
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            String given = System.getenv(secretVariable(client));
            secrets.put(client, given != null && !given.isBlank() ? given
                    : Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        }
        return secrets;
    }

    static String secretVariable(String client) {
        String prefix = variablePrefix(client);
        return "EMPORIUM_CLIENT_SECRET_" + prefix.substring(0, prefix.length() - 1);
    }

    /**
     * A service's own secret ({@code EMPORIUM_CLIENT_SECRET}), and for user-service every client's
     * ({@code EMPORIUM_CLIENT_SECRET_ORDER_SERVICE}, ...); {@code prefix} addresses a module of the monolith. Held in
     * memory only, for the processes of this run.
     */
    private Map<String, String> identity(String service, String prefix) {
        Map<String, String> env = new HashMap<>();
        if (clientSecrets.containsKey(service)) {
            env.put(prefix + "EMPORIUM_CLIENT_SECRET", clientSecrets.get(service));
        }
        if (service.equals("user-service")) {
            clientSecrets.forEach((client, secret) -> env.put(prefix + secretVariable(client), secret));
        }
        return env;
    }

    /**
     * {@code PRODUCT_SERVICE_SPRING_DATASOURCE_URL=...} in the launcher's environment becomes
     * {@code SPRING_DATASOURCE_URL=...} for product-service only: per-service settings without files.
     */
    static Map<String, String> serviceOverrides(String service, Map<String, String> environment) {
        String prefix = variablePrefix(service);
        Map<String, String> overrides = new HashMap<>();
        environment.forEach((key, value) -> {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                overrides.put(key.substring(prefix.length()), value);
            }
        });
        return overrides;
    }

    /** {@code product-service} → {@code PRODUCT_SERVICE_}: how a service's name starts its environment variables. */
    static String variablePrefix(String service) {
        return service.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
    }

    private void start(ServiceInstance instance) {
        try {
            instance.start();
            board.changed(instance);
            Process process = instance.process();
            process.onExit().thenAccept(exited -> onExit(instance, exited));
        } catch (IOException e) {
            console.error("Cannot start " + instance.id() + ": " + e.getMessage());
            instance.markCrashed(-1);
            scheduleRestart(instance);
        }
    }

    private void onExit(ServiceInstance instance, Process exited) {
        if (stopping || exited != instance.process()) {
            return;
        }
        Duration ran = Duration.between(instance.startedAt(), Instant.now());
        instance.markCrashed(exited.exitValue());
        board.changed(instance);
        console.error(instance.id() + " (pid " + exited.pid() + ") exited with code " + exited.exitValue()
                + " after " + ran.toSeconds() + " s; see " + options.dataDir().resolve("logs").resolve(instance.id() + ".log"));
        synchronized (backoff) {
            if (ran.compareTo(STABLE_AFTER) > 0) {
                backoff.remove(instance);
            }
        }
        scheduleRestart(instance);
    }

    private void scheduleRestart(ServiceInstance instance) {
        Duration delay;
        synchronized (backoff) {
            delay = backoff.getOrDefault(instance, Duration.ofSeconds(1));
            Duration next = delay.multipliedBy(2);
            backoff.put(instance, next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next);
        }
        console.info("restarting " + instance.id() + " in " + delay.toSeconds() + " s");
        instance.markRestarting();
        board.changed(instance);
        scheduler.schedule(() -> {
            if (!stopping) {
                start(instance);
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pollReadiness() {
        for (ServiceInstance instance : instances) {
            if (stopping || instance.state() != InstanceState.STARTING) {
                continue;
            }
            if (isReady(instance)) {
                instance.markUp();
                board.changed(instance);
            } else if (Duration.between(instance.startedAt(), Instant.now()).compareTo(START_TIMEOUT) > 0) {
                String dump = ThreadDumps.take(instance.pid(), instance.id(), options.dataDir().resolve("logs"))
                        .map(file -> " (its threads: " + file + ")").orElse("");
                console.error(instance.id() + " did not become ready within " + START_TIMEOUT.toMinutes()
                        + " minutes; killing it" + dump);
                instance.process().destroyForcibly();
            }
        }
    }

    private boolean isReady(ServiceInstance instance) {
        if (instance.service().equals("kafka")) {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress("localhost", instance.port()), 500);
                return true;
            } catch (IOException notYet) {
                return false;
            }
        }
        return instance.healthPorts().stream()
                .allMatch(port -> get("http://localhost:" + port + "/actuator/health/readiness") == 200);
    }

    /** True when every instance started is ready and the gateway reports every service UP. */
    boolean platformUp() {
        return instances.stream().allMatch(i -> i.state() == InstanceState.UP)
                && get("http://localhost:" + options.port("api-gateway") + "/api/health") == 200;
    }

    private int get(String url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    List<ServiceInstance> instances() {
        return instances;
    }

    /**
     * Gateway first (no new traffic), then the services, then discovery and Kafka (so the services' last outbox
     * entries still reach it); SIGKILL after the grace period.
     */
    void stopAll(Duration grace) {
        stopping = true;
        scheduler.shutdownNow();
        List<String> last = List.of("discovery-server", "kafka");
        stopGroup(instances.stream().filter(i -> i.service().equals("api-gateway")).toList(), grace);
        stopGroup(instances.stream().filter(i -> !i.service().equals("api-gateway") && !last.contains(i.service())).toList(),
                grace);
        stopGroup(instances.stream().filter(i -> last.contains(i.service())).toList(), grace);
    }

    private void stopGroup(List<ServiceInstance> group, Duration grace) {
        group.forEach(ServiceInstance::requestStop);
        group.forEach(i -> {
            i.awaitStop(grace);
            board.changed(i);
        });
    }

    /**
     * A port for a second instance, kept across its restarts: free now, and below the kernel's ephemeral range
     * (32768–60999 on Linux), where the port the system hands out for {@code new ServerSocket(0)} lies and where every
     * outgoing connection takes its local port. A port from there, chosen at launch and bound only when the instance
     * has started a minute later, was taken by then by a connection of another process: the instance failed to bind
     * and crashed on every restart while that connection lived (PlatformIT's product-service-2, once in CI).
     */
    private int freePort() throws IOException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 100; attempt++) {
            int candidate = random.nextInt(PRIVATE_PORTS_FROM, PRIVATE_PORTS_TO);
            int fixed = candidate - options.portOffset();
            if (fixed >= 8000 && fixed < 10_100) {
                continue; // one of this platform's own fixed ports (8080–9999 plus the offset), bound later
            }
            try (ServerSocket socket = new ServerSocket(candidate)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // another one
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Below the ephemeral ports, and clear of the fixed ones without an offset (8080–9999) or the tests' (28080–31099). */
    static final int PRIVATE_PORTS_FROM = 12_000;
    static final int PRIVATE_PORTS_TO = 20_000;
}
