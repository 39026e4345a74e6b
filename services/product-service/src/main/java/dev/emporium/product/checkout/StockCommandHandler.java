package dev.emporium.product.checkout;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

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
import dev.emporium.platform.defaults.messaging.Inbox;
import dev.emporium.product.inventory.Inventory;
import dev.emporium.product.inventory.Reservation;
import dev.emporium.product.inventory.ReservationStatus;
import org.springframework.context.ApplicationEventPublisher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The saga participant for stock: {@code stock-commands} in, replies on {@code checkout-replies} out. One
 * transaction holds the inbox record, the stock change and the reply (outbox), so a command is applied once and
 * answered once, whatever the redelivery; a command that keeps failing is dead-lettered by the service defaults.
 */
@Component
class StockCommandHandler {

    static final String CONSUMER = "product-service/stock-commands";
    static final String SOURCE = "/emporium/product-service";

    private final Inventory inventory;
    private final Inbox inbox;
    private final ApplicationEventPublisher outbox;
    private final Clock clock;

    StockCommandHandler(Inventory inventory, Inbox inbox, ApplicationEventPublisher outbox, Clock clock) {
        this.inventory = inventory;
        this.inbox = inbox;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Takes the record itself: with Modulith's JSON message converter present, a String parameter would be re-parsed. */
    @KafkaListener(topics = CheckoutTopics.STOCK_COMMANDS, groupId = "product-service")
    @Transactional
    public void on(ConsumerRecord<String, String> record) {
        CheckoutMessage<CheckoutPayload> message = CheckoutMessage.read(record.value());
        if (!(message.data() instanceof StockCommand command) || !inbox.firstTime(message.id(), CONSUMER)) {
            return;
        }
        CheckoutReply reply = handle(command);
        outbox.publishEvent(CheckoutMessage.of(SOURCE, reply, clock.instant()).to(CheckoutTopics.CHECKOUT_REPLIES));
    }

    private CheckoutReply handle(StockCommand command) {
        return switch (command) {
            case ReserveStock reserve -> {
                Map<UUID, Integer> lines = new LinkedHashMap<>();
                reserve.lines().forEach(line -> lines.merge(line.productId(), line.quantity(), Integer::sum));
                Reservation reservation = inventory.reserve(reserve.orderId(), lines);
                yield switch (reservation.status()) {
                    case RESERVED, COMMITTED -> new StockReserved(reserve.orderId());
                    case REJECTED -> new StockUnavailable(reserve.orderId(), reservation.reason());
                    case RELEASED, RETURNED -> new StockUnavailable(reserve.orderId(), "ALREADY_" + reservation.status());
                };
            }
            case ReleaseStock release -> {
                inventory.release(release.orderId());
                yield new StockReleased(release.orderId());
            }
            case CommitStock commit -> {
                Reservation reservation = inventory.commit(commit.orderId());
                if (reservation.status() != ReservationStatus.COMMITTED && reservation.status() != ReservationStatus.RETURNED) {
                    throw new IllegalStateException("Cannot commit the " + reservation.status() + " reservation of order "
                            + commit.orderId());
                }
                yield new StockCommitted(commit.orderId());
            }
            case ReturnStock giveBack -> {
                Reservation reservation = inventory.returnStock(giveBack.orderId());
                if (reservation.status() != ReservationStatus.RETURNED) {
                    throw new IllegalStateException("Cannot return the " + reservation.status() + " reservation of order "
                            + giveBack.orderId());
                }
                yield new StockReturned(giveBack.orderId());
            }
        };
    }
}
