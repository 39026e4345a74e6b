package dev.emporium.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import dev.emporium.contracts.checkout.CheckoutMessage;
import dev.emporium.contracts.checkout.CheckoutPayload;
import dev.emporium.contracts.checkout.CheckoutTopics;
import dev.emporium.contracts.checkout.PaymentCommand.AuthorizePayment;
import dev.emporium.contracts.checkout.PaymentCommand.CapturePayment;
import dev.emporium.contracts.checkout.PaymentCommand.RefundPayment;
import dev.emporium.contracts.checkout.PaymentCommand.VoidPayment;
import dev.emporium.payment.payment.PaymentManagement;
import dev.emporium.payment.payment.PaymentStatus;
import dev.emporium.payment.processor.CardProcessor;
import dev.emporium.testsupport.KafkaTopics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import tools.jackson.databind.json.JsonMapper;

/**
 * payment-service as a saga participant, through the broker: every command delivered twice still authorizes and
 * captures once; a transient processor failure is retried into a success; a void for an order never authorized
 * is answered; refunds reply and publish PaymentRefunded.
 */
@SpringBootTest(properties = {
        "eureka.client.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;DB_CLOSE_DELAY=-1",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}"})
@EmbeddedKafka(partitions = 1)
class PaymentCommandsTest {

    @MockitoSpyBean
    CardProcessor processor;

    @Autowired
    PaymentManagement payments;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    final JsonMapper json = JsonMapper.builder().build();
    KafkaTopics topics;

    @BeforeEach
    void connect() {
        topics = new KafkaTopics(broker.getBrokersAsString());
    }

    @AfterEach
    void disconnect() {
        topics.close();
    }

    @Test
    void authorizeAndCaptureDeliveredTwiceChargeTheCardOnce() {
        String order = "o-" + UUID.randomUUID();
        String token = processor.tokenize("4242424242424242").token();
        sendTwice(new AuthorizePayment(order, "u-1", new BigDecimal("79.80"), "USD", token));
        await().atMost(Duration.ofSeconds(15)).until(() -> replies(order).contains("dev.emporium.PaymentAuthorized.v1"));
        sendTwice(new CapturePayment(order, new BigDecimal("79.80")));
        send(new CapturePayment(order, new BigDecimal("79.80")));
        await().atMost(Duration.ofSeconds(15)).until(() -> replies(order).contains("dev.emporium.PaymentCaptured.v1"));
        await().atMost(Duration.ofSeconds(15)).until(() -> replies(order).size() == 3);
        verify(processor, times(1)).authorize(anyString(), any(), anyString(), anyString());
        verify(processor, times(1)).capture(anyString(), any());
        assertThat(meters.get("emporium.payments").tag("operation", "capture").counter().count()).isGreaterThanOrEqualTo(1);
        assertThat(payments.forOrderId(order).orElseThrow().status()).isEqualTo(PaymentStatus.CAPTURED);
        List<String> events = topics.readAll(CheckoutTopics.PAYMENT_EVENTS).stream().filter(m -> m.contains(order)).toList();
        assertThat(events).isNotEmpty().allMatch(m -> m.contains("dev.emporium.PaymentCaptured.v1"));
        assertThat(events.stream().map(m -> JsonPath.<String>read(m, "$.id")).distinct()).as("one event id per capture").hasSize(1);
    }

    @Test
    void aTransientProcessorFailureIsRetriedIntoAnAuthorization() {
        String order = "o-" + UUID.randomUUID();
        String token = processor.tokenize("4242424242424242").token();
        doReturn(CardProcessor.Outcome.unavailable()).doReturn(CardProcessor.Outcome.unavailable()).doCallRealMethod()
                .when(processor).authorize(anyString(), any(), anyString(), anyString());
        send(new AuthorizePayment(order, "u-1", new BigDecimal("5.00"), "USD", token));
        await().atMost(Duration.ofSeconds(15)).until(() -> replies(order).contains("dev.emporium.PaymentAuthorized.v1"));
        verify(processor, times(3)).authorize(anyString(), any(), anyString(), anyString());
    }

    @Test
    void aDeclinedCardIsAnsweredWithItsReason() {
        String order = "o-" + UUID.randomUUID();
        send(new AuthorizePayment(order, "u-1", BigDecimal.TEN, "USD", processor.tokenize("4000000000009995").token()));
        await().atMost(Duration.ofSeconds(15)).until(() -> replies(order).contains("dev.emporium.PaymentDeclined.v1"));
        assertThat(topics.readAll(CheckoutTopics.CHECKOUT_REPLIES)).filteredOn(m -> m.contains(order))
                .singleElement().satisfies(m -> assertThat(JsonPath.<String>read(m, "$.data.reason")).isEqualTo("insufficient_funds"));
    }

    @Test
    void voidingAnOrderNeverAuthorizedIsAnsweredAndRefundsReplyAndPublish() {
        String never = "o-" + UUID.randomUUID();
        send(new VoidPayment(never));
        await().atMost(Duration.ofSeconds(15)).until(() -> replies(never).contains("dev.emporium.PaymentVoided.v1"));

        String order = "o-" + UUID.randomUUID();
        send(new AuthorizePayment(order, "u-2", new BigDecimal("12.00"), "USD", processor.tokenize("4242424242424242").token()));
        send(new CapturePayment(order, new BigDecimal("12.00")));
        sendTwice(new RefundPayment(order));
        await().atMost(Duration.ofSeconds(15)).until(() -> replies(order).contains("dev.emporium.PaymentRefunded.v1"));
        assertThat(payments.forOrderId(order).orElseThrow().status()).isEqualTo(PaymentStatus.REFUNDED);
        verify(processor, times(1)).refund(anyString(), any());
        await().atMost(Duration.ofSeconds(15)).until(() -> topics.readAll(CheckoutTopics.PAYMENT_EVENTS).stream()
                .anyMatch(m -> m.contains(order) && m.contains("dev.emporium.PaymentRefunded.v1")));
    }

    private List<String> replies(String order) {
        return topics.readAll(CheckoutTopics.CHECKOUT_REPLIES).stream().filter(m -> m.contains(order))
                .map(m -> JsonPath.<String>read(m, "$.type")).toList();
    }

    private void send(CheckoutPayload command) {
        CheckoutMessage<?> message = CheckoutMessage.of("/test", command, Instant.now());
        topics.send(CheckoutTopics.PAYMENT_COMMANDS, message.key(), json.writeValueAsString(message));
    }

    private void sendTwice(CheckoutPayload command) {
        CheckoutMessage<?> message = CheckoutMessage.of("/test", command, Instant.now());
        String text = json.writeValueAsString(message);
        topics.send(CheckoutTopics.PAYMENT_COMMANDS, message.key(), text);
        topics.send(CheckoutTopics.PAYMENT_COMMANDS, message.key(), text);
    }
}
