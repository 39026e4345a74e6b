package dev.emporium.product.catalog;

import java.time.Clock;
import java.util.UUID;

import dev.emporium.contracts.product.ProductEvent;
import dev.emporium.product.inventory.Inventory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/** Admin use cases; each change and its product event are stored in one transaction (outbox). */
@Service
public class CatalogManagement {

    private final Products products;
    private final Inventory inventory;
    private final CatalogQueries queries;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CatalogManagement(Products products, Inventory inventory, CatalogQueries queries, ApplicationEventPublisher events,
            Clock clock) {
        this.products = products;
        this.inventory = inventory;
        this.queries = queries;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public ProductView create(Product.Details details, int stock) {
        if (products.existsBySku(details.sku())) {
            throw new SkuTakenException();
        }
        Product product;
        try {
            product = products.save(Product.create(details, clock.instant()));
        } catch (DuplicateKeyException raced) {
            throw new SkuTakenException();
        }
        inventory.open(product.id(), stock);
        return publish(ProductEvent.CREATED, product.id());
    }

    @Transactional
    public ProductView update(UUID id, Product.Details details) {
        Product product = products.findByIdAndActiveTrue(id).orElseThrow(NotFoundException::new);
        if (!product.sku().equals(details.sku()) && products.existsBySku(details.sku())) {
            throw new SkuTakenException();
        }
        product.revise(details, clock.instant());
        products.save(product);
        return publish(ProductEvent.UPDATED, id);
    }

    @Transactional
    public void delete(UUID id) {
        Product product = products.findByIdAndActiveTrue(id).orElseThrow(NotFoundException::new);
        ProductView before = queries.find(id).orElseThrow(NotFoundException::new);
        product.delete(clock.instant());
        products.save(product);
        events.publishEvent(ProductEvent.of(ProductEvent.DELETED, before.snapshot(false)));
    }

    @Transactional
    public ProductView adjustStock(UUID id, int delta) {
        products.findByIdAndActiveTrue(id).orElseThrow(NotFoundException::new);
        return switch (inventory.adjust(id, delta)) {
            case APPLIED -> queries.find(id).orElseThrow(NotFoundException::new);
            case WOULD_GO_NEGATIVE -> throw new ResponseStatusException(HttpStatus.CONFLICT,
                    "The available stock would fall below zero.");
            case NO_SUCH_PRODUCT -> throw new NotFoundException();
        };
    }

    private ProductView publish(String type, UUID id) {
        ProductView view = queries.find(id).orElseThrow(NotFoundException::new);
        events.publishEvent(ProductEvent.of(type, view.snapshot(true)));
        return view;
    }

    /** 404. */
    public static class NotFoundException extends ResponseStatusException {
        NotFoundException() {
            super(HttpStatus.NOT_FOUND, "No such product.");
        }
    }

    /** 409: SKUs are unique, deleted products included. */
    public static class SkuTakenException extends ResponseStatusException {
        SkuTakenException() {
            super(HttpStatus.CONFLICT, "A product with this SKU already exists.");
        }
    }
}
