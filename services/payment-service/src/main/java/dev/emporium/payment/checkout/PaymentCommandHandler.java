package dev.emporium.payment.checkout;

import java.time.Clock;
import java.util.List;

import dev.emporium.contracts.checkout.CheckoutMessage;
import dev.emporium.contracts.checkout.CheckoutPayload;
import dev.emporium.contracts.checkout.CheckoutReply.PaymentAuthorized;
import dev.emporium.contracts.checkout.CheckoutReply.PaymentDeclined;
import dev.emporium.contracts.checkout.CheckoutReply.PaymentVoided;
import dev.emporium.contracts.checkout.CheckoutTopics;
import dev.emporium.contracts.checkout.PaymentCommand;
import dev.emporium.contracts.checkout.PaymentCommand.AuthorizePayment;
import dev.emporium.contracts.checkout.PaymentCommand.CapturePayment;
import dev.emporium.contracts.checkout.PaymentCommand.RefundPayment;
import dev.emporium.contracts.checkout.PaymentCommand.VoidPayment;
import dev.emporium.contracts.checkout.PaymentEvent.PaymentCaptured;
import dev.emporium.contracts.checkout.PaymentEvent.PaymentRefunded;
import dev.emporium.payment.payment.Payment;
import dev.emporium.payment.payment.PaymentManagement;
import dev.emporium.payment.payment.PaymentStatus;
import dev.emporium.platform.defaults.messaging.Inbox;
import dev.emporium.platform.defaults.messaging.InvalidMessageException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The saga participant for payments: {@code payment-commands} in, replies on {@code checkout-replies} out.
 * <p>
 * Unlike stock, a payment's effect happens at the card processor, outside any database transaction.
 * {@link PaymentManagement} records each operation as an intent, committed before it calls the processor, and its
 * outcome after; the inbox record and the replies commit in that same transaction as the outcome (a
 * {@link PaymentManagement.Settlement}), so a reply is sent only once the outcome is known and costs no commit of its
 * own. When the outcome was already recorded (a redelivered command, a payment the reconciler finished), the inbox
 * record and the replies commit on their own. When the processor's answer is unknown the command fails with a
 * transient exception and is redelivered (the same call is re-issued with the same idempotency key), and a command
 * that can never apply (a capture of another amount, a refund of a payment never captured) fails with
 * {@link InvalidMessageException} and is dead-lettered at once. A crash anywhere redelivers the command, which
 * finds the outcome recorded or the intent pending, never a status set ahead of the processor.
 */
@Component
class PaymentCommandHandler {

    static final String CONSUMER = "payment-service/payment-commands";
    /** The decline reason of an AuthorizePayment that arrives after its order was voided. */
    static final String VOIDED = "voided";

    private final PaymentManagement payments;
    private final Inbox inbox;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher outbox;
    private final TransactionTemplate tx;
    private final Clock clock;

    PaymentCommandHandler(PaymentManagement payments, Inbox inbox, JdbcClient jdbc, ApplicationEventPublisher outbox,
            PlatformTransactionManager transactions, Clock clock) {
        this.payments = payments;
        this.inbox = inbox;
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Takes the record itself: with Modulith's JSON message converter present, a String parameter would be re-parsed. */
    @KafkaListener(topics = CheckoutTopics.PAYMENT_COMMANDS, groupId = "payment-service")
    public void on(ConsumerRecord<String, String> record) {
        CheckoutMessage<CheckoutPayload> message = CheckoutMessage.read(record.value());
        if (!(message.data() instanceof PaymentCommand command) || alreadyProcessed(message.id())) {
            return;
        }
        Answer answer = new Answer(message.id(), command);
        Payment payment = apply(command, answer);
        if (!answer.sent) {
            List<CheckoutMessage.Outbound> replies = replies(command, payment);
            tx.executeWithoutResult(status -> answer.settled(payment, replies));
        }
    }

    /** Applies the command; the payment as it is afterwards. */
    private Payment apply(PaymentCommand command, Answer answer) {
        return switch (command) {
            case AuthorizePayment authorize -> payments.authorize(new Payment.Request(authorize.orderId(),
                    authorize.userId(), authorize.amount(), authorize.currency(), authorize.paymentMethodToken()), answer);
            case CapturePayment capture -> payments.capture(capture.orderId(), capture.amount(), answer);
            case VoidPayment voidPayment -> payments.voidPayment(voidPayment.orderId(), answer);
            case RefundPayment refund -> {
                Payment payment = payments.forOrderId(refund.orderId()).orElseThrow(
                        () -> new InvalidMessageException("No payment to refund for order " + refund.orderId()));
                try {
                    yield payments.refund(payment, answer);
                } catch (PaymentManagement.NotCapturedException notCaptured) {
                    throw new InvalidMessageException("Cannot refund the " + payment.status() + " payment of order "
                            + refund.orderId());
                }
            }
        };
    }

    /** What the saga (and payment-events) hear once the command has applied to {@code payment}. */
    private List<CheckoutMessage.Outbound> replies(PaymentCommand command, Payment payment) {
        return switch (command) {
            case AuthorizePayment authorize -> List.of(reply(switch (payment.status()) {
                case DECLINED -> new PaymentDeclined(authorize.orderId(), payment.failureReason());
                case VOIDED -> new PaymentDeclined(authorize.orderId(), VOIDED);
                default -> new PaymentAuthorized(authorize.orderId(), payment.id().toString());
            }));
            case CapturePayment capture -> {
                if (payment.status() != PaymentStatus.CAPTURED && payment.status() != PaymentStatus.REFUNDED) {
                    throw new InvalidMessageException("Cannot capture the " + payment.status() + " payment of order "
                            + capture.orderId());
                }
                PaymentCaptured captured = new PaymentCaptured(payment.orderId(), payment.id().toString(), payment.userId(),
                        payment.amount(), payment.currency());
                yield List.of(reply(captured), CheckoutMessage.once(PaymentManagement.SOURCE, captured, clock.instant())
                        .to(CheckoutTopics.PAYMENT_EVENTS));
            }
            case VoidPayment voidPayment -> List.of(reply(new PaymentVoided(voidPayment.orderId())));
            case RefundPayment refund -> List.of(reply(new PaymentRefunded(payment.orderId(), payment.id().toString(),
                    payment.userId(), payment.amount(), payment.currency())));
        };
    }

    /** The command's inbox record and replies: in the outcome's transaction when this command records the outcome. */
    private final class Answer implements PaymentManagement.Settlement {

        private final String messageId;
        private final PaymentCommand command;
        private boolean sent;

        Answer(String messageId, PaymentCommand command) {
            this.messageId = messageId;
            this.command = command;
        }

        @Override
        public void settled(Payment payment) {
            settled(payment, replies(command, payment));
        }

        void settled(Payment payment, List<CheckoutMessage.Outbound> replies) {
            if (inbox.firstTime(messageId, CONSUMER)) {
                replies.forEach(outbox::publishEvent);
            }
            sent = true;
        }
    }

    private CheckoutMessage.Outbound reply(CheckoutPayload payload) {
        return CheckoutMessage.of(PaymentManagement.SOURCE, payload, clock.instant()).to(CheckoutTopics.CHECKOUT_REPLIES);
    }

    private boolean alreadyProcessed(String messageId) {
        return jdbc.sql("select count(*) from processed_message where message_id = ? and consumer = ?")
                .params(messageId, CONSUMER).query(Integer.class).single() > 0;
    }
}
