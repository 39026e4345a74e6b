package dev.emporium.gateway.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Asks discovery for every instance of every required service and probes each instance's readiness
 * endpoint directly, in parallel. 200 when each service has an UP instance, otherwise 503.
 */
@RestController
class PlatformHealthController {

    private final ReactiveDiscoveryClient discovery;
    private final HealthProperties properties;
    private final WebClient web;
    private final String self;
    private final Mono<PlatformHealth> cached;

    PlatformHealthController(ReactiveDiscoveryClient discovery, HealthProperties properties,
            @Value("${emporium.web.served-by:api-gateway}") String self) {
        this.discovery = discovery;
        this.properties = properties;
        this.self = self;
        this.web = WebClient.create();
        this.cached = Mono.defer(this::check).cache(
                health -> properties.cacheFor(), error -> Duration.ZERO, () -> Duration.ZERO);
    }

    @GetMapping("/api/health")
    Mono<ResponseEntity<PlatformHealth>> health() {
        return cached.map(health -> ResponseEntity.status(health.isUp() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(health));
    }

    private Mono<PlatformHealth> check() {
        return Flux.fromIterable(properties.services())
                .flatMapSequential(this::checkService)
                .collectList()
                .map(services -> {
                    List<PlatformHealth.ServiceHealth> all = new ArrayList<>();
                    all.add(PlatformHealth.ServiceHealth.of("api-gateway",
                            List.of(new PlatformHealth.InstanceHealth(self, PlatformHealth.UP))));
                    all.addAll(services);
                    return PlatformHealth.of(all);
                });
    }

    private Mono<PlatformHealth.ServiceHealth> checkService(String name) {
        return discovery.getInstances(name)
                .flatMap(this::checkInstance)
                .sort(Comparator.comparing(PlatformHealth.InstanceHealth::id))
                .collectList()
                .onErrorReturn(List.of())
                .map(instances -> PlatformHealth.ServiceHealth.of(name, instances));
    }

    private Mono<PlatformHealth.InstanceHealth> checkInstance(ServiceInstance instance) {
        return web.get()
                .uri(instance.getUri().resolve("/actuator/health/readiness"))
                .retrieve()
                .toBodilessEntity()
                .map(response -> PlatformHealth.UP)
                .timeout(properties.timeout())
                .onErrorReturn(PlatformHealth.DOWN)
                .map(status -> new PlatformHealth.InstanceHealth(instance.getInstanceId(), status));
    }
}
