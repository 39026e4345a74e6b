package dev.emporium.product.checkout;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import dev.emporium.contracts.checkout.CheckoutMessage;
import dev.emporium.contracts.checkout.CheckoutPayload;
import dev.emporium.contracts.checkout.CheckoutReply;
import dev.emporium.contracts.checkout.CheckoutReply.StockCommitted;
import dev.emporium.contracts.checkout.CheckoutReply.StockReleased;
import dev.emporium.contracts.checkout.CheckoutReply.StockReserved;
import dev.emporium.contracts.checkout.CheckoutReply.StockReturned;
import dev.emporium.contracts.checkout.CheckoutReply.StockUnavailable;
import dev.emporium.contracts.checkout.CheckoutTopics;
import dev.emporium.contracts.checkout.StockCommand;
import dev.emporium.contracts.checkout.StockCommand.CommitStock;
import dev.emporium.contracts.checkout.StockCommand.ReleaseStock;
import dev.emporium.contracts.checkout.StockCommand.ReserveStock;
import dev.emporium.contracts.checkout.StockCommand.ReturnStock;
import dev.emporium.platform.defaults.messaging.BatchTransactions;
import dev.emporium.platform.defaults.messaging.Inbox;
import dev.emporium.platform.defaults.messaging.InvalidMessageException;
import dev.emporium.product.inventory.Inventory;
import dev.emporium.product.inventory.Reservation;
import dev.emporium.product.inventory.ReservationStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The saga participant for stock: {@code stock-commands} in, replies on {@code checkout-replies} out. One
 * transaction holds the inbox record, the stock change and the reply (outbox), so a command is applied once and
 * answered once, whatever the redelivery; the commands of one poll share it.
 * <p>
 * Commands of one order may come in any order and any number of times (the outbox does not keep order, a saga
 * re-sends until answered), and the end state is the same (docs/inventory.md, "Order and duplicates"): each command
 * moves the reservation only from the state it expects; a command whose predecessor has not been processed yet
 * (CommitStock before ReserveStock, ReturnStock before CommitStock) throws {@link NotYetApplicable} and is retried
 * later; an invalid ReserveStock is answered StockUnavailable; only a CommitStock for a reservation that holds
 * nothing, which no retry can fix, is dead-lettered at once ({@link InvalidMessageException}).
 */
@Component
class StockCommandHandler {

    private static final Logger log = LoggerFactory.getLogger(StockCommandHandler.class);

    static final String CONSUMER = "product-service/stock-commands";
    static final String SOURCE = "/emporium/product-service";
    /** The width of {@code stock_reservation.order_id}. */
    static final int MAX_ORDER_ID = 64;

    private final Inventory inventory;
    private final Inbox inbox;
    private final ApplicationEventPublisher outbox;
    private final BatchTransactions batches;
    private final Clock clock;

    StockCommandHandler(Inventory inventory, Inbox inbox, ApplicationEventPublisher outbox, BatchTransactions batches,
            Clock clock) {
        this.inventory = inventory;
        this.inbox = inbox;
        this.outbox = outbox;
        this.batches = batches;
        this.clock = clock;
    }

    /**
     * A poll batch, in one transaction ({@link BatchTransactions}). Takes the records themselves: with Modulith's JSON
     * message converter present, Strings would be re-parsed.
     */
    @KafkaListener(topics = CheckoutTopics.STOCK_COMMANDS, groupId = "product-service", batch = "true")
    void on(List<ConsumerRecord<String, String>> records) {
        batches.apply("product-service.stock-commands", records, this::apply);
    }

    /** One command: inbox, effect and reply in the caller's transaction (a new one when called alone). */
    @Transactional
    public void apply(ConsumerRecord<String, String> record) {
        CheckoutMessage<CheckoutPayload> message = CheckoutMessage.read(record.value());
        if (!(message.data() instanceof StockCommand command) || !inbox.firstTime(message.id(), CONSUMER)) {
            return;
        }
        if (command.orderId() == null || command.orderId().isBlank() || command.orderId().length() > MAX_ORDER_ID) {
            throw new CheckoutMessage.UnreadableMessage("A stock command needs an order id of at most " + MAX_ORDER_ID
                    + " characters");
        }
        CheckoutReply reply = handle(command);
        outbox.publishEvent(CheckoutMessage.of(SOURCE, reply, clock.instant()).to(CheckoutTopics.CHECKOUT_REPLIES));
    }

    private CheckoutReply handle(StockCommand command) {
        return switch (command) {
            case ReserveStock reserve -> {
                Reservation reservation = inventory.reserve(reserve.orderId(), lines(reserve));
                yield switch (reservation.status()) {
                    case RESERVED, COMMITTED -> new StockReserved(reserve.orderId());
                    case REJECTED -> new StockUnavailable(reserve.orderId(), reservation.reason());
                    case RELEASED, RETURNED -> new StockUnavailable(reserve.orderId(), "ALREADY_" + reservation.status());
                };
            }
            case ReleaseStock release -> {
                Reservation reservation = inventory.release(release.orderId());
                if (reservation.status() == ReservationStatus.COMMITTED || reservation.status() == ReservationStatus.RETURNED) {
                    // Nothing is held for the order, which is what ReleaseStock asks; its units were sold, and only a
                    // ReturnStock gives them back. Acknowledged so that the saga stops re-sending it.
                    log.error("ReleaseStock for order {} whose stock is {}: nothing changed, units stay as they are",
                            release.orderId(), reservation.status());
                }
                yield new StockReleased(release.orderId());
            }
            case CommitStock commit -> {
                Reservation reservation = applied(commit.orderId(), () -> inventory.commit(commit.orderId()));
                yield switch (reservation.status()) {
                    case COMMITTED, RETURNED -> new StockCommitted(commit.orderId());
                    case RESERVED -> throw new NotYetApplicable("The reservation of order " + commit.orderId()
                            + " is being changed by another command");
                    case REJECTED, RELEASED -> throw new InvalidMessageException("Cannot commit the "
                            + reservation.status() + " reservation of order " + commit.orderId() + ": it holds nothing");
                };
            }
            case ReturnStock giveBack -> {
                Reservation reservation = applied(giveBack.orderId(), () -> inventory.returnStock(giveBack.orderId()));
                yield switch (reservation.status()) {
                    case RETURNED -> new StockReturned(giveBack.orderId());
                    case RESERVED, COMMITTED -> throw new NotYetApplicable("The stock of order " + giveBack.orderId()
                            + " is not committed yet");
                    case REJECTED, RELEASED -> {
                        log.warn("ReturnStock for order {} whose reservation is {}: nothing was sold, nothing to give back",
                                giveBack.orderId(), reservation.status());
                        yield new StockReturned(giveBack.orderId());
                    }
                };
            }
        };
    }

    /**
     * The reservation's lines, summed per product. Lines that are missing or name no product come out empty, which
     * the inventory refuses (StockUnavailable {@value Inventory#INVALID_LINES}) like a non-positive quantity: an
     * invalid command gets an answer the saga understands, never an exception.
     */
    private static Map<UUID, Integer> lines(ReserveStock reserve) {
        if (reserve.lines() == null
                || reserve.lines().stream().anyMatch(line -> line == null || line.productId() == null || line.quantity() <= 0)) {
            return Map.of();
        }
        Map<UUID, Integer> lines = new LinkedHashMap<>();
        reserve.lines().forEach(line -> lines.merge(line.productId(), line.quantity(), Integer::sum));
        return lines;
    }

    /** The command's effect, or {@link NotYetApplicable} when its ReserveStock has not been processed yet. */
    private static Reservation applied(String orderId, Supplier<Reservation> command) {
        try {
            return command.get();
        } catch (Inventory.UnknownReservation notReservedYet) {
            throw new NotYetApplicable("No reservation for order " + orderId + " yet");
        }
    }
}
