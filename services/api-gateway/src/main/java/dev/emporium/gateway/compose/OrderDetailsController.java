package dev.emporium.gateway.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.loadbalancer.reactive.ReactorLoadBalancerExchangeFilterFunction;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/orders/{id}/details}: the order, its payments and the notifications about it, asked of
 * order-service, payment-service and notification-service at the same time with the caller's token (each service
 * decides what the caller may see). The order decides the answer: 404 when it is not the caller's, 503 when
 * order-service does not answer in time. A payment-service or notification-service that fails or is late leaves its
 * list empty and is named in {@code degraded}: the page still shows what was found.
 */
@RestController
@EnableConfigurationProperties(CompositionProperties.class)
class OrderDetailsController {

    /** The answer: the services' own JSON, passed through as they wrote it. */
    record Details(JsonNode order, List<JsonNode> payments, List<JsonNode> notifications, List<String> degraded) {
    }

    private final WebClient web;
    private final CompositionProperties properties;

    OrderDetailsController(ReactorLoadBalancerExchangeFilterFunction loadBalancer,
            ObjectProvider<ObservationRegistry> observations, CompositionProperties properties) {
        // observed, so that the three calls are client spans of the request's trace and carry its traceparent
        this.web = WebClient.builder().filter(loadBalancer)
                .observationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP)).build();
        this.properties = properties;
    }

    @GetMapping("/api/orders/{id}/details")
    Mono<Details> details(@PathVariable UUID id, ServerHttpRequest request) {
        Mono<JsonNode> order = web.get().uri("http://order-service/api/orders/{id}", id)
                .headers(headers -> relay(request, headers))
                .exchangeToMono(response -> switch (response.statusCode().value()) {
                    case 200 -> response.bodyToMono(JsonNode.class);
                    case 401, 403, 404 -> response.releaseBody().then(Mono.error(
                            new ResponseStatusException(response.statusCode(), "No such order.")));
                    default -> response.releaseBody().then(Mono.error(unavailable()));
                })
                .timeout(properties.orderDeadline())
                .onErrorMap(failure -> !(failure instanceof ResponseStatusException), failure -> unavailable());
        Mono<Optional<List<JsonNode>>> payments = list("http://payment-service/api/payments?orderId={id}", id, request, false);
        Mono<Optional<List<JsonNode>>> notifications = list(
                "http://notification-service/api/notifications?orderId={id}&size=100", id, request, true);
        return Mono.zip(order, payments, notifications).map(found -> {
            List<String> degraded = new ArrayList<>();
            if (found.getT2().isEmpty()) {
                degraded.add("payments");
            }
            if (found.getT3().isEmpty()) {
                degraded.add("notifications");
            }
            return new Details(found.getT1(), found.getT2().orElse(List.of()), found.getT3().orElse(List.of()), degraded);
        });
    }

    /** A list from one source within the deadline, or nothing (degraded); a page's {@code content} when paged. */
    private Mono<Optional<List<JsonNode>>> list(String uri, UUID id, ServerHttpRequest request, boolean paged) {
        return web.get().uri(uri, id).headers(headers -> relay(request, headers))
                .retrieve().bodyToMono(JsonNode.class)
                .map(body -> {
                    List<JsonNode> items = new ArrayList<>();
                    (paged ? body.path("content") : body).forEach(items::add);
                    return Optional.of(items);
                })
                .timeout(properties.deadline())
                .onErrorResume(failure -> Mono.just(Optional.empty()));
    }

    /** The caller's identity and the request's id go along; each service checks the token itself. */
    private static void relay(ServerHttpRequest request, HttpHeaders headers) {
        headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        for (String name : List.of(HttpHeaders.AUTHORIZATION, "X-Request-Id")) {
            String value = request.getHeaders().getFirst(name);
            if (value != null) {
                headers.set(name, value);
            }
        }
    }

    private static ResponseStatusException unavailable() {
        return new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "The order service is temporarily unavailable.");
    }
}
