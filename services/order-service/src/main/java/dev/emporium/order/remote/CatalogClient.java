package dev.emporium.order.remote;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * product-service's price lookup ({@code POST /internal/products/lookup}), through discovery, behind the
 * "product-service" breaker with retries: names and prices are snapshotted from here, never from the client.
 */
public class CatalogClient {

    private final RestClient http;
    private final Dependency dependency;

    public CatalogClient(RestClient http, Dependency dependency) {
        this.http = http;
        this.dependency = dependency;
    }

    /** The products among {@code ids} that exist (deleted ones with {@code active: false}). */
    public List<Product> lookup(List<UUID> ids, String bearerToken) {
        return dependency.call(() -> http.post().uri("http://product-service/internal/products/lookup")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken)
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("ids", ids))
                .retrieve()
                .body(new ParameterizedTypeReference<List<Product>>() {
                }));
    }

    public record Product(UUID id, String sku, String name, BigDecimal price, String currency, boolean active) {
    }
}
