package dev.emporium.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Paths and facts of the checkout the tests read (the services, their poms and configuration). */
final class Repo {

    static final Path ROOT = Path.of(System.getProperty("emporium.home", "../..")).toAbsolutePath().normalize();

    /** Services that run in a cluster (discovery-server is the laptop's registry; Kubernetes has Service DNS). */
    static final List<String> CLUSTER_SERVICES = List.of("api-gateway", "user-service", "product-service", "order-service",
            "payment-service", "notification-service", "analytics-service");

    /**
     * The cluster services that deploy/kubernetes/overlays/monolith runs as modules of its one pod. analytics-service
     * is extracted there (EMPORIUM_EXTRACTED): it keeps its own single-replica Deployment.
     */
    static final List<String> MONOLITH_MODULES = List.of("api-gateway", "user-service", "product-service", "order-service",
            "payment-service", "notification-service");

    private Repo() {
    }

    static List<String> allServices() throws IOException {
        try (Stream<Path> dirs = Files.list(ROOT.resolve("services"))) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("pom.xml"))).map(d -> d.getFileName().toString())
                    .sorted().toList();
        }
    }

    static String pom(String service) throws IOException {
        return Files.readString(ROOT.resolve("services").resolve(service).resolve("pom.xml"));
    }

    static String rootPom() throws IOException {
        return Files.readString(ROOT.resolve("pom.xml"));
    }

    /** The text of the first {@code <tag>...</tag>} in a pom. */
    static String element(String pom, String tag) {
        Matcher m = Pattern.compile("<" + Pattern.quote(tag) + ">\\s*([^<]*?)\\s*</" + Pattern.quote(tag) + ">").matcher(pom);
        if (!m.find()) {
            throw new IllegalArgumentException("no <" + tag + ">");
        }
        return m.group(1);
    }

    /** Has its own relational database (Flyway migrations). */
    static boolean usesDatabase(String service) {
        return Files.isDirectory(ROOT.resolve("services").resolve(service).resolve("src/main/resources/db"));
    }

    /** Built from platform/service-defaults, directly or through the domain services' parent pom. */
    static boolean usesServiceDefaults(String service) throws IOException {
        String pom = pom(service);
        return pom.contains("<artifactId>service-defaults</artifactId>")
                || pom.contains("<artifactId>domain-service-parent</artifactId>");
    }

    /** Depends on Kafka itself or through the domain services' parent pom. */
    static boolean usesKafka(String service) throws IOException {
        String pom = pom(service);
        return pom.contains("kafka") || pom.contains("<artifactId>domain-service-parent</artifactId>")
                && Files.readString(ROOT.resolve("services/pom.xml")).contains("kafka");
    }
}
