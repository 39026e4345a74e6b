package dev.emporium.order.order;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open {@code /api/orders/{id}/events} streams of this instance. One thread looks at the watched orders' versions
 * in the database every poll interval (one query for all of them, nothing at all when no stream is open), so a
 * change made by any instance reaches every stream; a changed order is read once and sent to each of its streams.
 * A stream ends after a terminal status (REJECTED, CANCELLED), after {@code max-duration} (the browser reconnects),
 * or when its client leaves.
 */
@Component
class OrderStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrderStreams.class);
    private static final int IDS_PER_QUERY = 500;

    /** What each event carries: the order's progress (the full order stays at {@code GET /api/orders/{id}}). */
    record Progress(UUID id, OrderStatus status, List<OrderView.Change> history, FailureReason failureReason) {

        static Progress of(Order order) {
            OrderView view = OrderView.of(order);
            return new Progress(view.id(), view.status(), view.history(), view.failureReason());
        }

        boolean terminal() {
            return status == OrderStatus.REJECTED || status == OrderStatus.CANCELLED;
        }
    }

    private final class Stream {
        final UUID orderId;
        final SseEmitter emitter;
        volatile long version;

        Stream(UUID orderId, SseEmitter emitter, long version) {
            this.orderId = orderId;
            this.emitter = emitter;
            this.version = version;
        }
    }

    private final Orders orders;
    private final JdbcClient jdbc;
    private final OrderStreamProperties properties;
    private final Map<UUID, Set<Stream>> streams = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private volatile ScheduledExecutorService poller;
    private volatile Instant lastHeartbeat = Instant.now();

    OrderStreams(Orders orders, JdbcClient jdbc, OrderStreamProperties properties, MeterRegistry meters) {
        this.orders = orders;
        this.jdbc = jdbc;
        this.properties = properties;
        Gauge.builder("emporium.order.streams.open", open, AtomicInteger::get)
                .description("Live order streams (GET /api/orders/{id}/events) open on this instance").register(meters);
    }

    /** A stream of the order's changes, starting with where it stands now. */
    SseEmitter open(Order order) {
        if (open.incrementAndGet() > properties.maxStreams()) {
            open.decrementAndGet();
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
                    "Too many live order streams on this instance; the order page falls back to asking now and then.");
        }
        SseEmitter emitter = new SseEmitter(properties.maxDuration().toMillis());
        Stream stream = new Stream(order.id(), emitter, order.version());
        Runnable close = () -> forget(stream);
        emitter.onCompletion(close);
        emitter.onTimeout(() -> {
            close.run();
            emitter.complete();
        });
        emitter.onError(failure -> close.run());
        streams.computeIfAbsent(order.id(), id -> ConcurrentHashMap.newKeySet()).add(stream);
        send(stream, Progress.of(order));
        return emitter;
    }

    int openStreams() {
        return open.get();
    }

    private void forget(Stream stream) {
        Set<Stream> ofOrder = streams.get(stream.orderId);
        if (ofOrder != null && ofOrder.remove(stream)) {
            open.decrementAndGet();
            streams.computeIfPresent(stream.orderId, (id, set) -> set.isEmpty() ? null : set);
        }
    }

    /** Sends an event; ends the stream after a terminal status, forgets it when the client is gone. */
    private void send(Stream stream, Progress progress) {
        try {
            stream.emitter.send(SseEmitter.event().name("status").id(String.valueOf(progress.history().size()))
                    .data(progress, MediaType.APPLICATION_JSON));
            if (progress.terminal()) {
                forget(stream);
                stream.emitter.complete();
            }
        } catch (IOException | IllegalStateException gone) {
            forget(stream);
        }
    }

    void poll() {
        try {
            if (streams.isEmpty()) {
                return;
            }
            Map<UUID, Long> versions = versions(new ArrayList<>(streams.keySet()));
            for (Map.Entry<UUID, Set<Stream>> watched : streams.entrySet()) {
                Long version = versions.get(watched.getKey());
                List<Stream> behind = watched.getValue().stream().filter(s -> version != null && s.version != version).toList();
                if (behind.isEmpty()) {
                    continue;
                }
                orders.findById(watched.getKey()).ifPresent(order -> {
                    Progress progress = Progress.of(order);
                    for (Stream stream : behind) {
                        stream.version = order.version();
                        send(stream, progress);
                    }
                });
            }
            heartbeat();
        } catch (RuntimeException e) {
            log.warn("Order streams: looking for changes failed; trying again next time", e);
        }
    }

    private Map<UUID, Long> versions(List<UUID> ids) {
        Map<UUID, Long> versions = new HashMap<>();
        for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
            jdbc.sql("select id, version from orders where id in (:ids)")
                    .param("ids", ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY)))
                    .query((rs, n) -> versions.put(rs.getObject(1, UUID.class), rs.getLong(2))).list();
        }
        return versions;
    }

    /** A comment line now and then, so that proxies and the browser know an idle stream is alive. */
    private void heartbeat() {
        Instant now = Instant.now();
        if (now.isBefore(lastHeartbeat.plus(properties.heartbeat()))) {
            return;
        }
        lastHeartbeat = now;
        streams.values().forEach(set -> set.forEach(stream -> {
            try {
                stream.emitter.send(SseEmitter.event().comment("heartbeat"));
            } catch (IOException | IllegalStateException gone) {
                forget(stream);
            }
        }));
    }

    @Override
    public void start() {
        poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("order-streams").daemon().factory());
        long every = properties.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
    }

    /** On shutdown every stream is ended, so that the clients reconnect to another instance at once. */
    @Override
    public void stop() {
        ScheduledExecutorService running = poller;
        poller = null;
        if (running != null) {
            running.shutdownNow();
        }
        streams.values().forEach(set -> set.forEach(stream -> stream.emitter.complete()));
        streams.clear();
        open.set(0);
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }
}
