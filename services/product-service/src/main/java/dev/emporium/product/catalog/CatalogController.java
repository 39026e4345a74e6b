package dev.emporium.product.catalog;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.UUID;

import dev.emporium.platform.defaults.web.PageResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code /api/products}: public browsing and search; admin maintenance (role checked here, not only at the edge). */
@RestController
@RequestMapping("/api/products")
@Validated
class CatalogController {

    private final CatalogQueries queries;
    private final CatalogManagement catalog;

    CatalogController(CatalogQueries queries, CatalogManagement catalog) {
        this.queries = queries;
        this.catalog = catalog;
    }

    @GetMapping
    PageResponse<ProductView> search(@RequestParam(required = false) @Size(max = 100) String q,
            @RequestParam(required = false) @Size(max = 100) String category,
            @RequestParam(required = false) @DecimalMin("0") BigDecimal minPrice,
            @RequestParam(required = false) @DecimalMin("0") BigDecimal maxPrice,
            @RequestParam(defaultValue = "name") @Pattern(regexp = "name|price|-price|newest",
                    message = "must be one of name, price, -price, newest") String sort,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        CatalogQueries.Sort order = CatalogQueries.Sort.parse(sort).orElseThrow();
        return PageResponse.of(queries.search(new CatalogQueries.Search(q, category, minPrice, maxPrice, order), page, size));
    }

    @GetMapping("/categories")
    List<CatalogQueries.CategoryCount> categories() {
        return queries.categories();
    }

    @GetMapping("/{id}")
    ProductView get(@PathVariable UUID id) {
        return queries.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such product."));
    }

    @PostMapping
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<ProductView> create(@Valid @RequestBody NewProduct request) {
        ProductView created = catalog.create(request.details(), request.stock());
        return ResponseEntity.created(URI.create("/api/products/" + created.id())).body(created);
    }

    @PutMapping("/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    ProductView update(@PathVariable UUID id, @Valid @RequestBody ProductChange request) {
        return catalog.update(id, request.details());
    }

    @DeleteMapping("/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id) {
        catalog.delete(id);
    }

    @PatchMapping("/{id}/stock")
    @PreAuthorize("hasRole('ADMIN')")
    ProductView adjustStock(@PathVariable UUID id, @Valid @RequestBody StockAdjustment request) {
        return catalog.adjustStock(id, request.delta());
    }

    record NewProduct(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}", message = "letters, digits, . _ - (max 64)") String sku,
            @NotBlank @Size(max = 200) String name,
            @NotNull @Size(max = 4000) String description,
            @NotBlank @Size(max = 100) String category,
            @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("1000000") @Digits(integer = 7, fraction = 2) BigDecimal price,
            @NotNull @Min(0) @Max(1_000_000) Integer stock) {

        Product.Details details() {
            return new Product.Details(sku, name, description, category, price);
        }
    }

    /** The same as a new product without stock: stock changes only through adjustments and orders. */
    record ProductChange(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}", message = "letters, digits, . _ - (max 64)") String sku,
            @NotBlank @Size(max = 200) String name,
            @NotNull @Size(max = 4000) String description,
            @NotBlank @Size(max = 100) String category,
            @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("1000000") @Digits(integer = 7, fraction = 2) BigDecimal price) {

        Product.Details details() {
            return new Product.Details(sku, name, description, category, price);
        }
    }

    record StockAdjustment(@NotNull @Min(-1_000_000) @Max(1_000_000) Integer delta) {
    }
}
