package dev.emporium.gateway.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import dev.emporium.platform.defaults.config.CentralConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The figures the operations console charts: checkout funnel and outcomes, the checkout-duration histogram,
 * payments, notifications, circuit breakers, outbox backlog and age, dead letters, and the signs of a checkout that
 * is stuck: sagas active and past their deadline, payment intents without a known outcome and what the reconciler
 * finished, stock reservations no saga ended. Read from every instance's {@code /actuator/prometheus} (found through
 * discovery, as {@code /api/health} does) and returned as samples; the browser turns successive answers into rates
 * and percentiles. The stuck-checkout gauges count a database shared by all instances of their service, so the
 * browser takes their maximum, not their sum. ADMIN only (see the gateway's security rules).
 */
@RestController
class OpsMetricsController {

    /** Metric families the console uses; everything else in a scrape is dropped. */
    static final List<String> FAMILIES = List.of("emporium_orders_placed_total", "emporium_orders_completed_total",
            "emporium_checkout_duration_seconds_bucket", "emporium_payments_total", "emporium_notifications_total",
            "resilience4j_circuitbreaker_state", "emporium_outbox_pending", "emporium_outbox_oldest_age_seconds",
            "emporium_kafka_dead_letters_total", "emporium_sagas_active", "emporium_sagas_overdue",
            "emporium_payments_intents_pending", "emporium_payments_reconciled_total",
            "emporium_stock_reservations_stale", "emporium_config_info");
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)(?:\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_]+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final ReactiveDiscoveryClient discovery;
    private final List<String> services;
    private final String traceUi;
    /** A service's full scrape (histograms included) runs to several hundred KiB: above WebClient's default buffer. */
    private final WebClient web = WebClient.builder()
            .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(8 * 1024 * 1024)).build();

    private final ObjectProvider<CircuitBreakerRegistry> gatewayBreakers;
    private final ObjectProvider<CentralConfiguration> gatewayConfiguration;
    private final String gatewayInstance;

    OpsMetricsController(ReactiveDiscoveryClient discovery,
            @Value("${emporium.gateway.health.services}") List<String> services,
            @Value("${emporium.ops.trace-ui:}") String traceUi, ObjectProvider<CircuitBreakerRegistry> gatewayBreakers,
            ObjectProvider<CentralConfiguration> gatewayConfiguration,
            @Value("${emporium.web.served-by:api-gateway}") String gatewayInstance) {
        this.discovery = discovery;
        this.services = services;
        this.traceUi = traceUi;
        this.gatewayBreakers = gatewayBreakers;
        this.gatewayConfiguration = gatewayConfiguration;
        this.gatewayInstance = gatewayInstance.isBlank() ? "api-gateway" : gatewayInstance;
    }

    record Sample(String service, String instance, String name, Map<String, String> labels, double value) {
    }

    record OpsMetrics(Instant at, String traceUi, List<Sample> samples) {
    }

    @GetMapping("/api/ops/metrics")
    Mono<OpsMetrics> metrics() {
        return Flux.fromIterable(services)
                .flatMap(service -> discovery.getInstances(service).flatMap(this::scrape))
                .concatWith(Flux.fromIterable(ownBreakers()))
                .concatWith(Flux.fromIterable(ownConfiguration()))
                .collectList()
                .map(samples -> new OpsMetrics(Instant.now(), traceUi.isBlank() ? null : traceUi, samples));
    }

    /** This gateway's route breakers (one per service), as a scrape would show them: one sample per state, 1 for the current. */
    private List<Sample> ownBreakers() {
        CircuitBreakerRegistry registry = gatewayBreakers.getIfAvailable();
        if (registry == null) {
            return List.of();
        }
        return registry.getAllCircuitBreakers().stream()
                .map(breaker -> new Sample("api-gateway", gatewayInstance, "resilience4j_circuitbreaker_state",
                        Map.of("name", breaker.getName(), "state", breaker.getState().name().toLowerCase(java.util.Locale.ROOT)), 1.0))
                .toList();
    }

    /** The central configuration this gateway runs (its own metrics are on its management port, not scraped). */
    private List<Sample> ownConfiguration() {
        CentralConfiguration configuration = gatewayConfiguration.getIfAvailable();
        return configuration == null ? List.of() : List.of(new Sample("api-gateway", gatewayInstance,
                "emporium_config_info", Map.of("version", configuration.version()), 1.0));
    }

    private Flux<Sample> scrape(ServiceInstance instance) {
        return web.get().uri(instance.getUri().resolve("/actuator/prometheus"))
                .retrieve().bodyToMono(String.class)
                .timeout(Duration.ofSeconds(2))
                .onErrorResume(e -> Mono.empty()) // an instance that does not answer shows as missing, not as an error
                .flatMapMany(text -> Flux.fromStream(text.lines()))
                .mapNotNull(line -> parse(instance.getServiceId(), instance.getInstanceId(), line));
    }

    static Sample parse(String service, String instance, String line) {
        if (line.startsWith("#")) {
            return null;
        }
        Matcher sample = SAMPLE.matcher(line);
        if (!sample.matches() || !FAMILIES.contains(sample.group(1))) {
            return null;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (sample.group(2) != null) {
            Matcher label = LABEL.matcher(sample.group(2));
            while (label.find()) {
                if (!label.group(1).equals("application") && !label.group(1).equals("instance")) {
                    labels.put(label.group(1), label.group(2));
                }
            }
        }
        double value;
        try {
            value = Double.parseDouble(sample.group(3));
        } catch (NumberFormatException e) {
            return null;
        }
        return Double.isNaN(value) ? null : new Sample(service, instance, sample.group(1), labels, value);
    }
}
