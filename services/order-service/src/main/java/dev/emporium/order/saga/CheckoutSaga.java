package dev.emporium.order.saga;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.emporium.contracts.checkout.CheckoutMessage;
import dev.emporium.contracts.checkout.CheckoutPayload;
import dev.emporium.contracts.checkout.CheckoutReply;
import dev.emporium.contracts.checkout.CheckoutTopics;
import dev.emporium.contracts.checkout.OrderEvent;
import dev.emporium.contracts.checkout.OrderEvent.OrderCancelled;
import dev.emporium.contracts.checkout.OrderEvent.OrderConfirmed;
import dev.emporium.contracts.checkout.OrderEvent.OrderPlaced;
import dev.emporium.contracts.checkout.OrderEvent.OrderRejected;
import dev.emporium.contracts.checkout.StockCommand;
import dev.emporium.order.order.Order;
import dev.emporium.order.order.OrderTransitions;
import dev.emporium.order.order.Orders;
import dev.emporium.order.saga.CheckoutSagaState.Decision;
import dev.emporium.platform.defaults.messaging.Inbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The orchestrator. Every entry point is one transaction that loads the saga state with a row lock, lets it
 * decide ({@link CheckoutSagaState}), applies the decision to the order, and writes the resulting commands and
 * events to the outbox (Spring Modulith's event publication registry), which publishes them to Kafka after the
 * commit, keyed by order id.
 */
@Service
public class CheckoutSaga {

    static final String SOURCE = "/emporium/order-service";
    static final String CONSUMER = "order-service/checkout";
    private static final Logger log = LoggerFactory.getLogger(CheckoutSaga.class);

    private final Orders orders;
    private final OrderTransitions transitions;
    private final SagaStates sagas;
    private final Inbox inbox;
    private final ApplicationEventPublisher outbox;
    private final CheckoutProperties properties;
    private final CheckoutMetrics metrics;
    private final CheckoutAdmission admission;
    private final Clock clock;

    CheckoutSaga(Orders orders, OrderTransitions transitions, SagaStates sagas, Inbox inbox, ApplicationEventPublisher outbox,
            CheckoutProperties properties, CheckoutMetrics metrics, CheckoutAdmission admission, Clock clock) {
        this.orders = orders;
        this.transitions = transitions;
        this.sagas = sagas;
        this.inbox = inbox;
        this.outbox = outbox;
        this.properties = properties;
        this.metrics = metrics;
        this.admission = admission;
        this.clock = clock;
    }

    /**
     * Stores a new PENDING order with its saga and the first command (ReserveStock) and OrderPlaced, all in one
     * transaction: either the order exists and its checkout will run, or nothing was stored.
     */
    @Transactional
    public Order place(Order order) {
        Order saved = orders.save(order);
        CheckoutSagaState.Started started = CheckoutSagaState.start(saved, properties.timing(), clock.instant());
        sagas.save(started.saga());
        send(started.command());
        publish(new OrderPlaced(id(saved), saved.userId(), saved.total(), saved.currency(), items(saved)));
        metrics.placed();
        // with traceId/spanId in the JSON log: from an order id to its trace (docs/runbook.md)
        log.info("Order {} placed: {} {}, {} line(s)", saved.id(), saved.total(), saved.currency(), saved.items().size());
        return saved;
    }

    /** A reply (or payment event) from a participant, applied once. */
    @Transactional
    public void handle(CheckoutMessage<CheckoutPayload> message) {
        if (!(message.data() instanceof CheckoutReply reply) || !inbox.firstTime(message.id(), CONSUMER)) {
            return;
        }
        UUID orderId = parse(reply.orderId());
        Optional<CheckoutSagaState> saga = orderId == null ? Optional.empty() : sagas.lockByOrderId(orderId);
        if (saga.isEmpty()) {
            log.warn("Ignored {} for unknown order {}", message.type(), reply.orderId());
            return;
        }
        Order order = orders.findById(orderId).orElseThrow();
        apply(saga.get(), order, saga.get().on(reply, order, properties.timing(), clock.instant()));
    }

    /** Cancels a confirmed order (refund, restock; queued behind an outstanding completion); false when not cancellable. */
    @Transactional
    public boolean cancel(UUID orderId) {
        CheckoutSagaState saga = sagas.lockByOrderId(orderId).orElseThrow();
        Order order = orders.findById(orderId).orElseThrow();
        if (!saga.cancellable(order)) {
            return false;
        }
        apply(saga, order, saga.cancel(order, properties.timing(), clock.instant()));
        return true;
    }

    /** Orders whose current step is past its deadline. */
    public List<UUID> due(int limit) {
        return sagas.dueBefore(clock.instant(), limit);
    }

    /** Acts on one passed deadline (re-checked under the lock: another instance may have been first). */
    @Transactional
    public void expire(UUID orderId) {
        sagas.lockByOrderId(orderId).ifPresent(saga -> {
            Order order = orders.findById(orderId).orElseThrow();
            String before = saga.step();
            Decision decision = saga.deadlinePassed(order, properties.timing(), clock.instant());
            if (!decision.commands().isEmpty()) {
                log.warn("Checkout of order {} passed its deadline in {} (attempt {}): sending {}", orderId, before,
                        saga.attempts(), decision.commands().stream().map(c -> c.getClass().getSimpleName()).toList());
            }
            apply(saga, order, decision);
        });
    }

    public Optional<CheckoutSagaState> state(UUID orderId) {
        return sagas.findById(orderId);
    }

    private void apply(CheckoutSagaState saga, Order order, Decision decision) {
        Instant now = clock.instant();
        switch (decision.outcome()) {
            case CONFIRM -> {
                order.confirm(now);
                publish(new OrderConfirmed(id(order), order.userId(), order.total(), order.currency(), items(order)));
                metrics.completed("confirmed", null, order.createdAt(), now);
                admission.decided();
                log.info("Order {} CONFIRMED {} ms after it was placed", order.id(), Duration.between(order.createdAt(), now).toMillis());
            }
            case REJECT -> {
                order.reject(saga.failureReason(), now);
                publish(new OrderRejected(id(order), order.userId(), saga.failureReason().name(), order.total(),
                        order.currency()));
                metrics.completed("rejected", saga.failureReason().name(), order.createdAt(), now);
                admission.decided();
                log.info("Order {} REJECTED ({}) {} ms after it was placed", order.id(), saga.failureReason(),
                        Duration.between(order.createdAt(), now).toMillis());
            }
            case CANCEL -> {
                order.cancel("refunded and restocked", now);
                publish(new OrderCancelled(id(order), order.userId(), order.total(), order.currency()));
                metrics.completed("cancelled", null, order.createdAt(), now);
                log.info("Order {} CANCELLED: refunded and restocked", order.id());
            }
            case NONE -> {
            }
        }
        if (decision.outcome() != CheckoutSagaState.Outcome.NONE) {
            transitions.record(order);
        }
        sagas.save(saga);
        decision.commands().forEach(this::send);
    }

    private void send(CheckoutPayload command) {
        String topic = command instanceof StockCommand ? CheckoutTopics.STOCK_COMMANDS : CheckoutTopics.PAYMENT_COMMANDS;
        outbox.publishEvent(CheckoutMessage.of(SOURCE, command, clock.instant()).to(topic));
    }

    /** Integration events happen at most once per order, so their id is derived from it: a re-publication is recognisable. */
    private void publish(OrderEvent event) {
        outbox.publishEvent(CheckoutMessage.once(SOURCE, event, clock.instant()).to(CheckoutTopics.ORDER_EVENTS));
    }

    private static List<OrderEvent.Item> items(Order order) {
        return order.items().stream().map(line -> new OrderEvent.Item(line.productId(), line.sku(), line.name(),
                line.unitPrice(), line.quantity())).toList();
    }

    private static String id(Order order) {
        return order.id().toString();
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }
}
