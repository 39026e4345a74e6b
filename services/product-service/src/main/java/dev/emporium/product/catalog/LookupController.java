package dev.emporium.product.catalog;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Internal (not routed by the gateway): order-service's price snapshot. One indexed query for up to 50 ids;
 * deleted products are returned with {@code active: false} so the caller can refuse them. Needs a token
 * (order-service relays the customer's).
 */
@RestController
class LookupController {

    private final CatalogQueries queries;

    LookupController(CatalogQueries queries) {
        this.queries = queries;
    }

    @PostMapping("/internal/products/lookup")
    List<CatalogQueries.LookupItem> lookup(@Valid @RequestBody LookupRequest request) {
        return queries.lookup(request.ids().stream().distinct().toList());
    }

    record LookupRequest(@NotNull @Size(min = 1, max = 50) List<@NotNull UUID> ids) {
    }
}
