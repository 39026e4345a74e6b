package dev.emporium.product.catalog;

import dev.emporium.contracts.product.ProductEvent;
import dev.emporium.product.inventory.StockChanged;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns the inventory's internal {@link StockChanged} into {@code StockChanged} integration events carrying the
 * product's state, in the same transaction (so they go through the outbox with the change).
 */
@Component
class StockEventsTranslator {

    private final CatalogQueries queries;
    private final ApplicationEventPublisher events;

    StockEventsTranslator(CatalogQueries queries, ApplicationEventPublisher events) {
        this.queries = queries;
        this.events = events;
    }

    @EventListener
    void on(StockChanged changed) {
        changed.productIds().forEach(id -> queries.find(id).ifPresent(view ->
                events.publishEvent(ProductEvent.of(ProductEvent.STOCK_CHANGED, view.snapshot(true)))));
    }
}
