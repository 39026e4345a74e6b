package dev.emporium.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LauncherOptionsTest {

    @Test
    void defaultsToOneInstanceOfEachServiceOnTheDocumentedPorts() {
        LauncherOptions options = LauncherOptions.parse(new String[0], Map.of("EMPORIUM_HOME", "/tmp/emporium"));
        assertThat(options.instances()).containsEntry("product-service", 1).containsEntry("card-processor", 1).hasSize(9);
        assertThat(options.port("api-gateway")).isEqualTo(8080);
        assertThat(options.port("notification-service")).isEqualTo(8085);
        assertThat(options.port("analytics-service")).isEqualTo(8086);
        assertThat(options.kafkaBootstrap()).isEqualTo("localhost:9092");
        assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/emporium/data"));
        assertThat(options.imagesDir()).as("extracted jars and CDS archives beside the data").isEqualTo(options.dataDir());
        assertThat(options.externalKafka()).isNull();
    }

    @Test
    void keepsTheExtractedJarsAndArchivesWhereToldSoPlatformsCanShareThem() {
        LauncherOptions options = LauncherOptions.parse(new String[] {"--data-dir", "/tmp/run-1"},
                Map.of("EMPORIUM_HOME", "/tmp/emporium", "EMPORIUM_IMAGES_DIR", "target/images"));
        assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/run-1"));
        assertThat(options.imagesDir()).isEqualTo(Path.of("/tmp/emporium/target/images"));
    }

    @Test
    void startsTheCardProcessorSimulatorUnlessAnotherProcessorIsGiven() {
        LauncherOptions simulated = LauncherOptions.parse(new String[] {"--port-offset", "100"}, Map.of());
        assertThat(simulated.processorUrl()).isEqualTo("http://localhost:8189");
        assertThat(simulated.externalProcessor()).isNull();
        LauncherOptions real = LauncherOptions.parse(new String[] {"--processor", "https://psp.example/api"}, Map.of());
        assertThat(real.processorUrl()).isEqualTo("https://psp.example/api");
        assertThat(real.instances()).containsEntry("card-processor", 0);
        assertThat(LauncherOptions.parse(new String[0], Map.of("EMPORIUM_PROCESSOR_URL", "http://psp:1")).processorUrl())
                .isEqualTo("http://psp:1");
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--instances", "card-processor=2"}, Map.of()))
                .hasMessageContaining("one instance");
    }

    @Test
    void scalesServicesAndShiftsEveryPort() {
        LauncherOptions options = LauncherOptions.parse(
                new String[] {"--instances", "product-service=2,order-service=3", "--port-offset", "20000"}, Map.of());
        assertThat(options.instances()).containsEntry("product-service", 2).containsEntry("order-service", 3);
        assertThat(options.port("api-gateway")).isEqualTo(28080);
        assertThat(options.kafkaPort()).isEqualTo(29092);
        assertThat(options.eurekaUrl()).isEqualTo("http://localhost:28761/eureka/");
    }

    @Test
    void warnsWhenAnOffsetPutsPortsInTheEphemeralRange(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path range = dir.resolve("ip_local_port_range");
        java.nio.file.Files.writeString(range, "32768\t60999\n");
        assertThat(LauncherOptions.parse(new String[] {"--port-offset", "20000"}, Map.of()).portsInEphemeralRange(range))
                .isEmpty();
        assertThat(LauncherOptions.parse(new String[] {"--port-offset", "40000"}, Map.of()).portsInEphemeralRange(range))
                .hasValueSatisfying(warning -> assertThat(warning).contains("48080").contains("49092").contains("32768"));
        assertThat(LauncherOptions.parse(new String[0], Map.of()).portsInEphemeralRange(dir.resolve("absent"))).isEmpty();
    }

    @Test
    void usesAnExternalKafkaWhenToldTo() {
        assertThat(LauncherOptions.parse(new String[0], Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")).kafkaBootstrap())
                .isEqualTo("kafka:9092");
        assertThat(LauncherOptions.parse(new String[] {"--kafka", "k2:9093"}, Map.of()).externalKafka()).isEqualTo("k2:9093");
    }

    @Test
    void sendsSpansNowhereByDefaultToALocalTraceUiOrToAGivenZipkin() {
        assertThat(LauncherOptions.parse(new String[0], Map.of()).zipkin()).isNull();
        LauncherOptions local = LauncherOptions.parse(new String[] {"--with-tracing", "--port-offset", "100"}, Map.of());
        assertThat(local.localTraceUi()).isTrue();
        assertThat(local.zipkin()).isEqualTo("http://localhost:9511/api/v2/spans");
        assertThat(LauncherOptions.parse(new String[] {"--zipkin", "http://z:9411/api/v2/spans"}, Map.of()).zipkin())
                .isEqualTo("http://z:9411/api/v2/spans");
        assertThat(LauncherOptions.parse(new String[0], Map.of("ZIPKIN_ENDPOINT", "http://y/api/v2/spans")).zipkin())
                .isEqualTo("http://y/api/v2/spans");
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--with-tracing", "--zipkin", "http://z"}, Map.of()))
                .isInstanceOf(LauncherOptions.UsageException.class);
    }

    @Test
    void dnsDiscoveryRunsNoRegistryAndOneInstanceEach() {
        LauncherOptions options = LauncherOptions.parse(new String[] {"--discovery", "dns"}, Map.of());
        assertThat(options.dnsDiscovery()).isTrue();
        assertThat(options.instances()).containsEntry("discovery-server", 0).containsEntry("order-service", 1);
        assertThat(LauncherOptions.parse(new String[0], Map.of()).dnsDiscovery()).isFalse();
        assertThatThrownBy(() -> LauncherOptions.parse(
                new String[] {"--discovery", "dns", "--instances", "product-service=2"}, Map.of()))
                .isInstanceOf(LauncherOptions.UsageException.class);
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--discovery", "consul"}, Map.of()))
                .isInstanceOf(LauncherOptions.UsageException.class);
    }

    @Test
    void refusesWhatItCannotDo() {
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--instances", "nope-service=2"}, Map.of()))
                .isInstanceOf(LauncherOptions.UsageException.class).hasMessageContaining("nope-service");
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--instances", "discovery-server=2"}, Map.of()))
                .isInstanceOf(LauncherOptions.UsageException.class);
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--bogus"}, Map.of()))
                .isInstanceOf(LauncherOptions.UsageException.class).hasMessageContaining("--bogus");
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--port-offset"}, Map.of()))
                .isInstanceOf(LauncherOptions.UsageException.class);
    }

    @Test
    void passesPrefixedVariablesToOneServiceOnly() {
        Map<String, String> env = Map.of("PRODUCT_SERVICE_SPRING_DATASOURCE_URL", "jdbc:postgresql://db/products",
                "ORDER_SERVICE_SPRING_DATASOURCE_URL", "jdbc:postgresql://db/orders", "PATH", "/bin");
        assertThat(Supervisor.serviceOverrides("product-service", env))
                .containsExactly(Map.entry("SPRING_DATASOURCE_URL", "jdbc:postgresql://db/products"));
    }

    @Test
    void runsTheServicesAsOneMonolithWithExtractedServicesBesideIt() {
        LauncherOptions microservices = LauncherOptions.parse(new String[0], Map.of());
        assertThat(microservices.monolith()).isFalse();
        assertThat(microservices.hostedByMonolith()).isEmpty();

        LauncherOptions monolith = LauncherOptions.parse(new String[] {"--topology", "monolith"}, Map.of());
        assertThat(monolith.hostedByMonolith()).containsExactlyElementsOf(LauncherOptions.MONOLITH_MODULES);
        assertThat(monolith.dnsDiscovery()).as("no registry: the modules find each other by host name").isTrue();
        assertThat(monolith.instances()).containsEntry("discovery-server", 0).containsEntry("card-processor", 1);

        LauncherOptions mixed = LauncherOptions.parse(
                new String[] {"--topology", "monolith", "--extract", "order-service", "--extract", "api-gateway,user-service"},
                Map.of());
        assertThat(mixed.extracted()).containsExactlyInAnyOrder("order-service", "api-gateway", "user-service");
        assertThat(mixed.hostedByMonolith()).containsExactly("product-service", "payment-service", "notification-service",
                "analytics-service");
    }

    @Test
    void refusesExtractionsThatMakeNoSense() {
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--extract", "order-service"}, Map.of()))
                .hasMessageContaining("--topology monolith");
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--topology", "monolith", "--extract", "card-processor"},
                Map.of())).hasMessageContaining("--extract wants one of");
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--topology", "monolith", "--extract",
                String.join(",", LauncherOptions.MONOLITH_MODULES)}, Map.of())).hasMessageContaining("microservices");
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--topology", "monolith", "--instances",
                "product-service=2"}, Map.of())).hasMessageContaining("one instance");
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--topology", "modulith"}, Map.of()))
                .hasMessageContaining("microservices or monolith");
    }
}
