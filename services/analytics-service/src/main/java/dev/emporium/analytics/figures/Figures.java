package dev.emporium.analytics.figures;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiConsumer;

import dev.emporium.analytics.stream.AnalyticsTopology;
import dev.emporium.analytics.stream.CatalogEntry;
import dev.emporium.analytics.stream.ProductBucket;
import dev.emporium.analytics.stream.SalesBucket;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Service;

/**
 * Reads the figures out of the topology's state stores (interactive queries). Every store of this instance holds
 * every partition: the service runs as one instance (docs/architecture.md says how it would scale out).
 */
@Service
public class Figures {

    private final StreamsBuilderFactoryBean streams;
    private final AnalyticsProperties properties;

    Figures(StreamsBuilderFactoryBean streams, AnalyticsProperties properties) {
        this.streams = streams;
        this.properties = properties;
    }

    public record SalesPoint(Instant start, long placed, long confirmed, Map<String, Long> rejected, long cancelled,
            BigDecimal revenue, long units, String currency) {
    }

    public record TopProduct(String productId, String sku, String name, long units, BigDecimal revenue) {
    }

    public record Funnel(long placed, long confirmed, Map<String, Long> rejected, long cancelled,
            BigDecimal confirmationRate) {
    }

    public record Signups(LocalDate day, long count) {
    }

    public record OutOfStock(String productId, String sku, String name) {
    }

    /** One point per bucket and currency, zero-filled, oldest first. */
    public List<SalesPoint> sales(FigureRange range) {
        Map<String, Map<Instant, SalesBucket>> byCurrency = new HashMap<>();
        this.<SalesBucket>hours(AnalyticsTopology.SALES, range, (hour, entry) -> {
            String currency = entry.key.substring(entry.key.indexOf('|') + 1);
            byCurrency.computeIfAbsent(currency, c -> new HashMap<>())
                    .merge(range.truncate(hour), entry.value, SalesBucket::plus);
        });
        if (byCurrency.isEmpty()) {
            byCurrency.put(properties.currency(), Map.of());
        }
        List<SalesPoint> points = new ArrayList<>();
        for (Instant start : range.buckets()) {
            for (String currency : new TreeSet<>(byCurrency.keySet())) {
                SalesBucket b = byCurrency.get(currency).getOrDefault(start, SalesBucket.empty());
                points.add(new SalesPoint(start, b.placed(), b.confirmed(), b.rejected(), b.cancelled(),
                        b.revenue().setScale(2, RoundingMode.HALF_EVEN), b.units(), currency));
            }
        }
        return points;
    }

    /** Placed → confirmed / rejected / cancelled over the hours of the range, every currency together. */
    public Funnel funnel(FigureRange range) {
        SalesBucket[] total = {SalesBucket.empty()};
        this.<SalesBucket>hours(AnalyticsTopology.SALES, range, (hour, entry) -> total[0] = total[0].plus(entry.value));
        SalesBucket t = total[0];
        BigDecimal rate = t.placed() == 0 ? BigDecimal.ZERO.setScale(4)
                : BigDecimal.valueOf(t.confirmed()).divide(BigDecimal.valueOf(t.placed()), 4, RoundingMode.HALF_EVEN);
        return new Funnel(t.placed(), t.confirmed(), t.rejected(), t.cancelled(), rate);
    }

    /** The products that sold most (by units or by revenue) in the range; ties go to the smaller product id. */
    public List<TopProduct> topProducts(FigureRange range, boolean byRevenue, int limit) {
        Map<String, ProductBucket> sold = new LinkedHashMap<>();
        this.<ProductBucket>hours(AnalyticsTopology.PRODUCTS, range,
                (hour, entry) -> sold.merge(entry.value.productId(), entry.value, ProductBucket::plus));
        ReadOnlyKeyValueStore<String, CatalogEntry> catalog = store(AnalyticsTopology.CATALOG);
        Comparator<ProductBucket> order = byRevenue
                ? Comparator.comparing(ProductBucket::revenue).reversed()
                : Comparator.comparingLong(ProductBucket::units).reversed();
        return sold.values().stream()
                .filter(p -> p.units() > 0) // a bucket the subtractor emptied stays in the store
                .sorted(order.thenComparing(ProductBucket::productId))
                .limit(limit)
                .map(p -> {
                    CatalogEntry now = catalog.get(p.productId());
                    return new TopProduct(p.productId(), now != null ? now.sku() : p.sku(),
                            now != null ? now.name() : p.name(), p.units(), p.revenue().setScale(2, RoundingMode.HALF_EVEN));
                })
                .toList();
    }

    /** Sign-ups per UTC day, zero-filled. */
    public List<Signups> signups(FigureRange days) {
        ReadOnlyKeyValueStore<String, Long> counts = store(AnalyticsTopology.SIGNUPS);
        return days.buckets().stream().map(start -> {
            LocalDate day = LocalDate.ofInstant(start, ZoneOffset.UTC);
            Long count = counts.get(day.toString());
            return new Signups(day, count == null ? 0 : count);
        }).toList();
    }

    /** Active products with nothing available now, by name. */
    public List<OutOfStock> outOfStock() {
        List<OutOfStock> empty = new ArrayList<>();
        try (KeyValueIterator<String, CatalogEntry> all = this.<CatalogEntry>store(AnalyticsTopology.CATALOG).all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.outOfStock()) {
                    empty.add(new OutOfStock(entry.value.productId(), entry.value.sku(), entry.value.name()));
                }
            });
        }
        empty.sort(Comparator.comparing(OutOfStock::name, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(OutOfStock::productId));
        return empty;
    }

    /** Every entry of an hour-keyed store whose hour lies in the range's buckets. */
    private <V> void hours(String storeName, FigureRange range, BiConsumer<Instant, KeyValue<String, V>> each) {
        ReadOnlyKeyValueStore<String, V> store = store(storeName);
        Instant first = range.firstHour();
        Instant end = range.end();
        try (KeyValueIterator<String, V> entries = store.range(AnalyticsTopology.hour(first),
                AnalyticsTopology.hour(end) + "|")) {
            entries.forEachRemaining(entry -> {
                Instant hour = Instant.parse(entry.key.substring(0, entry.key.indexOf('|')));
                if (!hour.isBefore(first) && hour.isBefore(end)) {
                    each.accept(hour, entry);
                }
            });
        }
    }

    /**
     * The store of the streams running now (after a rebuild that is another KafkaStreams than at start, so it is
     * looked up on every request); {@link InvalidStateStoreException} when it cannot be queried now (the request
     * gets a 503).
     */
    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        KafkaStreams running = streams.getKafkaStreams();
        if (running == null) {
            throw new InvalidStateStoreException("Kafka Streams has not started");
        }
        try {
            return running.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
        } catch (IllegalStateException e) { // shutting down, not running, or failed
            throw new InvalidStateStoreException("Kafka Streams is " + running.state() + ": " + e.getMessage(), e);
        }
    }
}
