package dev.emporium.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the command line and the environment asked for.
 *
 * @param home the checkout (where services/&lt;name&gt;/target/&lt;name&gt;.jar are)
 * @param dataDir databases, the Kafka log, logs and run state; kept across restarts
 * @param imagesDir the extracted jars and their class-data-sharing archives ({@code EMPORIUM_IMAGES_DIR}; default the
 *        data dir): platforms with different data dirs (the end-to-end suites) can share them and start warm
 * @param portOffset added to every default port, so a second platform (a test) can run beside the first
 * @param instances how many instances of each service
 * @param externalKafka bootstrap servers of an existing Kafka, or null to start the embedded broker
 * @param jvmOptions options for every child JVM (laptop-sized defaults)
 * @param quiet when true the merged service logs are not echoed after start-up (files still get them)
 * @param zipkin where every service sends its spans (Zipkin v2 JSON), or null: no spans leave the services
 * @param localTraceUi start a Zipkin server (trace UI) beside the platform and send spans to it
 * @param dnsDiscovery no registry: services find each other by host name under the {@code kubernetes} profile,
 *        as in a cluster (one instance per service, each at localhost:its port)
 * @param externalProcessor base URL of a card processor to use instead of starting the simulator, or null
 * @param monolith the services as modules of one JVM (platform/monolith) instead of a JVM each
 * @param extracted with {@code monolith}: the modules that run as processes of their own instead
 */
record LauncherOptions(Path home, Path dataDir, Path imagesDir, int portOffset, Map<String, Integer> instances,
        String externalKafka, List<String> jvmOptions, boolean quiet, String zipkin, boolean localTraceUi,
        boolean dnsDiscovery, String externalProcessor, boolean monolith, Set<String> extracted) {

    /**
     * Services in start order; the gateway last. The card-processor simulator is not an Emporium service (it stands
     * in for an external payment provider, reached by URL, not through discovery) but is started like one.
     */
    static final List<String> SERVICES = List.of("discovery-server", "card-processor", "user-service",
            "product-service", "order-service", "payment-service", "notification-service", "analytics-service",
            "api-gateway");

    /**
     * What the monolith hosts (platform/monolith's modules): the Emporium services. Not the card-processor simulator
     * (an outside party) and not the registry (the monolith finds its modules by host name).
     */
    static final List<String> MONOLITH_MODULES = List.of("user-service", "product-service", "order-service",
            "payment-service", "notification-service", "analytics-service", "api-gateway");

    /** The monolith's settings on top of the laptop defaults: seven services' classes and requests in one heap. */
    static final List<String> MONOLITH_JVM_OPTIONS = List.of("-Xmx640m", "-XX:MaxMetaspaceSize=384m",
            "-XX:ReservedCodeCacheSize=128m");

    /** Run as one instance each: the registry, and the simulator (one ledger). */
    static final List<String> SINGLETONS = List.of("discovery-server", "card-processor");

    static final Map<String, Integer> DEFAULT_PORTS = Map.of(
            "api-gateway", 8080, "discovery-server", 8761, "user-service", 8081, "product-service", 8082,
            "order-service", 8083, "payment-service", 8084, "notification-service", 8085, "analytics-service", 8086, "card-processor", 8089);

    /** The services that serve gRPC (order-service's internal calls), and the port of their first instance. */
    static final Map<String, Integer> GRPC_PORTS = Map.of("product-service", 9082, "payment-service", 9084);

    static final int GATEWAY_MANAGEMENT_PORT = 8090;
    static final int KAFKA_PORT = 9092;
    static final int KAFKA_CONTROLLER_PORT = 9093;
    static final int ZIPKIN_PORT = 9411;

    /** Small heaps, one GC thread, C1 only: start fast and fit a laptop. {@code --jvm-opts} replaces them. */
    static final List<String> LAPTOP_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xss512k", "-Xms32m", "-Xmx256m", "-XX:MaxMetaspaceSize=192m", "-XX:ReservedCodeCacheSize=64m",
            "-XX:+ExitOnOutOfMemoryError");

    static final String USAGE = """
            Usage: ./emporium [options]
              --instances NAME=N[,NAME=N]  run N instances of a service (e.g. product-service=2)
              --port-offset N              add N to every port (default 0: gateway on 8080)
              --data-dir DIR               where databases, the Kafka log and logs live (default ./data)
              --kafka HOST:PORT            use this Kafka instead of the embedded broker (or KAFKA_BOOTSTRAP_SERVERS)
              --jvm-opts "OPTS"            JVM options for every service (default: laptop-sized, see README)
              --with-tracing               start a local trace UI (Zipkin, http://localhost:9411) fed by every service
              --zipkin URL                 send spans to this Zipkin (e.g. http://host:9411/api/v2/spans) or ZIPKIN_ENDPOINT
              --discovery dns              no Eureka: the kubernetes profile's discovery by host name (one instance each)
              --topology monolith          every service as a module of ONE JVM (platform/monolith); default microservices
              --extract NAME               with --topology monolith: run this service as its own JVM (repeatable)
              --processor URL              use this card processor instead of starting the simulator (EMPORIUM_PROCESSOR_URL)
              --quiet                      do not echo service logs once the platform is up
              --help                       this text
            """;

    static LauncherOptions parse(String[] args, Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("EMPORIUM_HOME", ".")).toAbsolutePath().normalize();
        Path dataDir = null;
        int offset = Integer.parseInt(env.getOrDefault("EMPORIUM_PORT_OFFSET", "0"));
        Map<String, Integer> instances = new LinkedHashMap<>();
        SERVICES.forEach(s -> instances.put(s, 1));
        String kafka = blankToNull(env.get("KAFKA_BOOTSTRAP_SERVERS"));
        List<String> jvm = new ArrayList<>(LAPTOP_JVM_OPTIONS);
        boolean quiet = false;
        String zipkin = blankToNull(env.get("ZIPKIN_ENDPOINT"));
        boolean traceUi = false;
        boolean dns = false;
        String processor = blankToNull(env.get("EMPORIUM_PROCESSOR_URL"));
        boolean monolith = false;
        Set<String> extracted = new LinkedHashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--instances" -> parseInstances(value(args, ++i, arg), instances);
                case "--port-offset" -> offset = Integer.parseInt(value(args, ++i, arg));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, arg));
                case "--home" -> home = Path.of(value(args, ++i, arg)).toAbsolutePath().normalize();
                case "--kafka" -> kafka = value(args, ++i, arg);
                case "--jvm-opts" -> jvm = List.of(value(args, ++i, arg).trim().split("\\s+"));
                case "--quiet" -> quiet = true;
                case "--zipkin" -> zipkin = value(args, ++i, arg);
                case "--with-tracing" -> traceUi = true;
                case "--processor" -> processor = value(args, ++i, arg);
                case "--discovery" -> dns = switch (value(args, ++i, arg)) {
                    case "dns" -> true;
                    case "eureka" -> false;
                    default -> throw new UsageException("--discovery wants eureka or dns, got: " + args[i]);
                };
                case "--topology" -> monolith = switch (value(args, ++i, arg)) {
                    case "monolith" -> true;
                    case "microservices" -> false;
                    default -> throw new UsageException("--topology wants microservices or monolith, got: " + args[i]);
                };
                case "--extract" -> {
                    for (String name : value(args, ++i, arg).split(",")) {
                        if (!MONOLITH_MODULES.contains(name.trim())) {
                            throw new UsageException("--extract wants one of " + MONOLITH_MODULES + ", got: " + name);
                        }
                        extracted.add(name.trim());
                    }
                }
                case "--help", "-h" -> throw new UsageException(null);
                default -> throw new UsageException("Unknown option: " + arg);
            }
        }
        if (dataDir == null) {
            dataDir = home.resolve(env.getOrDefault("EMPORIUM_DATA_DIR", "data"));
        }
        if (traceUi && zipkin != null) {
            throw new UsageException("--with-tracing starts its own Zipkin; leave out --zipkin/ZIPKIN_ENDPOINT");
        }
        if (traceUi) {
            zipkin = "http://localhost:" + (ZIPKIN_PORT + offset) + "/api/v2/spans";
        }
        if (!extracted.isEmpty() && !monolith) {
            throw new UsageException("--extract takes a service out of the monolith: add --topology monolith");
        }
        if (extracted.size() == MONOLITH_MODULES.size()) {
            throw new UsageException("--extract names every module: that is --topology microservices");
        }
        if (monolith) {
            if (instances.values().stream().anyMatch(n -> n > 1)) {
                throw new UsageException("--topology monolith runs one instance of each service");
            }
            dns = true; // the modules find each other by host name (localhost:port), as in a cluster
        }
        if (dns) {
            if (instances.values().stream().anyMatch(n -> n > 1)) {
                throw new UsageException("--discovery dns runs one instance per service (a host name is one address)");
            }
            instances.put("discovery-server", 0);
        }
        if (processor != null) {
            instances.put("card-processor", 0);
        }
        Path images = env.containsKey("EMPORIUM_IMAGES_DIR") ? home.resolve(env.get("EMPORIUM_IMAGES_DIR")) : dataDir;
        return new LauncherOptions(home, dataDir.toAbsolutePath().normalize(), images.toAbsolutePath().normalize(),
                offset, instances, kafka, jvm, quiet, zipkin, traceUi, dns, processor, monolith, Set.copyOf(extracted));
    }

    /**
     * A warning when a port of this platform lies in the kernel's ephemeral range: a client probing such a port
     * before its service listens can be given that same port as its own source port (a TCP self-connection), and
     * the service then fails to bind ("Port ... already in use") until the client lets go.
     */
    Optional<String> portsInEphemeralRange(Path portRange) {
        int low;
        int high;
        try {
            String[] range = Files.readString(portRange).trim().split("\\s+");
            low = Integer.parseInt(range[0]);
            high = Integer.parseInt(range[1]);
        } catch (IOException | RuntimeException unknown) {
            return Optional.empty();
        }
        List<Integer> ports = new ArrayList<>();
        DEFAULT_PORTS.keySet().forEach(service -> ports.add(port(service)));
        GRPC_PORTS.keySet().forEach(service -> ports.add(grpcPort(service).orElseThrow()));
        ports.addAll(List.of(kafkaPort(), kafkaControllerPort(), gatewayManagementPort()));
        List<Integer> clashing = ports.stream().filter(p -> p >= low && p <= high).sorted().toList();
        return clashing.isEmpty() ? Optional.empty() : Optional.of("Ports " + clashing + " lie in the kernel's ephemeral"
                + " range " + low + "-" + high + ": a service may fail to bind when a probe's own source port takes its"
                + " port. Choose a --port-offset that keeps every port below " + low + ".");
    }

    /** The services the monolith JVM hosts: its modules but the extracted ones; none in microservices topology. */
    List<String> hostedByMonolith() {
        return monolith ? MONOLITH_MODULES.stream().filter(m -> !extracted.contains(m)).toList() : List.of();
    }

    int zipkinPort() {
        return ZIPKIN_PORT + portOffset;
    }

    int port(String service) {
        return DEFAULT_PORTS.get(service) + portOffset;
    }

    /** The gRPC port of a service's first instance, or empty for a service that serves none. */
    Optional<Integer> grpcPort(String service) {
        return Optional.ofNullable(GRPC_PORTS.get(service)).map(p -> p + portOffset);
    }

    int kafkaPort() {
        return KAFKA_PORT + portOffset;
    }

    int kafkaControllerPort() {
        return KAFKA_CONTROLLER_PORT + portOffset;
    }

    int gatewayManagementPort() {
        return GATEWAY_MANAGEMENT_PORT + portOffset;
    }

    String kafkaBootstrap() {
        return externalKafka != null ? externalKafka : "localhost:" + kafkaPort();
    }

    /** Where payment-service reaches the card processor: the one given, or the simulator the launcher starts. */
    String processorUrl() {
        return externalProcessor != null ? externalProcessor : "http://localhost:" + port("card-processor");
    }

    /** The folder the config server serves: {@code EMPORIUM_CONFIG_DIR}, else {@code config/} of the checkout. */
    Path configDir() {
        String dir = System.getenv("EMPORIUM_CONFIG_DIR");
        return dir == null || dir.isBlank() ? home.resolve("config") : Path.of(dir).toAbsolutePath();
    }

    /** The config server (in discovery-server) every service imports its central configuration from. */
    String configUrl() {
        return "http://localhost:" + port("discovery-server") + "/config";
    }

    String eurekaUrl() {
        return "http://localhost:" + port("discovery-server") + "/eureka/";
    }

    private static void parseInstances(String spec, Map<String, Integer> instances) {
        for (String part : spec.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2 || !instances.containsKey(kv[0].trim())) {
                throw new UsageException("--instances wants NAME=N with NAME one of " + SERVICES + ", got: " + part);
            }
            int n = Integer.parseInt(kv[1].trim());
            if (n < 1 || n > 9) {
                throw new UsageException("--instances: between 1 and 9 instances, got " + n);
            }
            if (SINGLETONS.contains(kv[0].trim()) && n != 1) {
                throw new UsageException("--instances: " + kv[0].trim() + " runs as one instance");
            }
            instances.put(kv[0].trim(), n);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** Bad command line: the message (if any) and the usage text are printed, exit code 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
