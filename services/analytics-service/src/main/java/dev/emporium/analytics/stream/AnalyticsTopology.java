package dev.emporium.analytics.stream;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import dev.emporium.analytics.stream.Fact.Kind;
import dev.emporium.contracts.checkout.CheckoutTopics;
import dev.emporium.contracts.product.ProductSnapshot;
import dev.emporium.contracts.product.ProductTopics;
import dev.emporium.contracts.user.UserTopics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.springframework.kafka.support.serializer.JacksonJsonSerde;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The figures as a Kafka Streams topology.
 *
 * <pre>
 * order-events ─┐
 * payment-events┼─ facts (key: what the fact is about) ─▶ FACTS table (first copy wins) ─┬▶ SALES    hour|currency
 * user-events ──┘                                                                       ├▶ PRODUCTS hour|product
 *                                                                                       └▶ SIGNUPS  day
 * product-events ─▶ CATALOG (newest state per product)
 * </pre>
 *
 * Why a table of facts rather than windowed aggregations of the stream: a window counts every record that arrives,
 * so a redelivered event would count twice, and it closes after its grace period, so a late event would be dropped.
 * Here a duplicate is the same row of FACTS (the aggregates below take the old value out before they add the new),
 * and an hour's bucket is just a key: an event a day late still lands in the hour it happened. Everything depends on
 * the events' content only, never on when they were processed, so a replay from offset 0 yields the same figures.
 */
public final class AnalyticsTopology {

    public static final String FACTS = "facts";
    public static final String SALES = "sales-by-hour";
    public static final String PRODUCTS = "products-by-hour";
    public static final String SIGNUPS = "signups-by-day";
    public static final String CATALOG = "catalog";

    /** The topics it reads: what the rebuild replays. */
    public static final List<String> INPUTS = List.of(CheckoutTopics.ORDER_EVENTS, CheckoutTopics.PAYMENT_EVENTS,
            UserTopics.USER_EVENTS, ProductTopics.PRODUCT_EVENTS);

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private AnalyticsTopology() {
    }

    /** The bucket of an hour: {@code 2026-11-30T14:00:00Z}; sorts as it reads. */
    public static String hour(Instant at) {
        return at.truncatedTo(ChronoUnit.HOURS).toString();
    }

    public static String day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
    }

    /** Keys of {@link #SALES}: {@code <hour>|<currency>}; of {@link #PRODUCTS}: {@code <hour>|<product id>}. */
    public static String bucketKey(String hour, String what) {
        return hour + "|" + what;
    }

    /**
     * Adds the topology to the builder.
     *
     * @param skipped told the reason of every record it could not read (it skips them)
     * @return the facts table the figures are aggregated from
     */
    public static KTable<String, Fact> build(StreamsBuilder builder, Consumer<String> skipped) {
        Facts facts = new Facts(skipped);
        Serde<String> keys = Serdes.String();
        Serde<Fact> factSerde = serde(Fact.class);

        KStream<String, Fact> checkout = builder
                .stream(CheckoutTopics.ORDER_EVENTS, Consumed.with(keys, Serdes.String()))
                .merge(builder.stream(CheckoutTopics.PAYMENT_EVENTS, Consumed.with(keys, Serdes.String())))
                .flatMap((key, json) -> facts.ofCheckout(json));
        KStream<String, Fact> signups = builder
                .stream(UserTopics.USER_EVENTS, Consumed.with(keys, Serdes.String()))
                .flatMap((key, json) -> facts.ofUser(json));

        KTable<String, Fact> table = checkout.merge(signups)
                .groupByKey(Grouped.with("facts", keys, factSerde))
                .reduce(Fact::earlier, store(FACTS, factSerde));

        table.filter((key, fact) -> fact.isSales())
                .groupBy((key, fact) -> KeyValue.pair(bucketKey(hour(fact.at()),
                        Objects.requireNonNullElse(fact.currency(), "UNKNOWN")), fact), Grouped.with("sales", keys, factSerde))
                .aggregate(SalesBucket::empty, (key, fact, bucket) -> bucket.with(fact, 1),
                        (key, fact, bucket) -> bucket.with(fact, -1), store(SALES, serde(SalesBucket.class)));

        table.filter((key, fact) -> fact.kind() == Kind.LINE)
                .groupBy((key, line) -> KeyValue.pair(bucketKey(hour(line.at()), line.productId()), line),
                        Grouped.with("products", keys, factSerde))
                .aggregate(ProductBucket::empty, (key, line, bucket) -> bucket.with(line, 1),
                        (key, line, bucket) -> bucket.with(line, -1), store(PRODUCTS, serde(ProductBucket.class)));

        table.filter((key, fact) -> fact.kind() == Kind.SIGNUP)
                .groupBy((key, signup) -> KeyValue.pair(day(signup.at()), signup), Grouped.with("signups", keys, factSerde))
                .count(store(SIGNUPS, Serdes.Long()));

        builder.stream(ProductTopics.PRODUCT_EVENTS, Consumed.with(keys, Serdes.String()))
                .flatMapValues(json -> product(json, skipped))
                .groupByKey(Grouped.with("catalog", keys, serde(CatalogEntry.class)))
                .reduce(CatalogEntry::newer, store(CATALOG, serde(CatalogEntry.class)));
        return table;
    }

    private static List<CatalogEntry> product(String json, Consumer<String> skipped) {
        try {
            ProductSnapshot product = JSON.treeToValue(JSON.readTree(json).get("data"), ProductSnapshot.class);
            if (product == null || product.productId() == null) {
                skipped.accept("unreadable");
                return List.of();
            }
            return List.of(CatalogEntry.of(product));
        } catch (RuntimeException e) {
            skipped.accept("unreadable");
            return List.of();
        }
    }

    static <T> Serde<T> serde(Class<T> type) {
        return new JacksonJsonSerde<T>(type, JSON).noTypeInfo().ignoreTypeHeaders();
    }

    private static <V> Materialized<String, V, KeyValueStore<Bytes, byte[]>> store(String name, Serde<V> values) {
        return Materialized.<String, V, KeyValueStore<Bytes, byte[]>>as(name).withKeySerde(Serdes.String())
                .withValueSerde(values);
    }
}
