package dev.emporium.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import dev.emporium.contracts.checkout.CheckoutMessage;
import dev.emporium.contracts.checkout.CheckoutPayload;
import dev.emporium.contracts.checkout.CheckoutTopics;
import dev.emporium.contracts.checkout.PaymentCommand.AuthorizePayment;
import dev.emporium.contracts.checkout.PaymentCommand.CapturePayment;
import dev.emporium.contracts.checkout.PaymentCommand.RefundPayment;
import dev.emporium.contracts.checkout.PaymentCommand.VoidPayment;
import dev.emporium.payment.payment.Intent;
import dev.emporium.payment.payment.Payment;
import dev.emporium.payment.payment.PaymentManagement;
import dev.emporium.payment.payment.PaymentStatus;
import dev.emporium.payment.processor.PaymentMethods;
import dev.emporium.payment.processor.ProcessorConfiguration;
import dev.emporium.testsupport.KafkaTopics;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * payment-service as a saga participant, through the broker, against the real card-processor simulator: commands
 * delivered twice authorize and capture once; the test cards end to end; a void before its authorization leaves a
 * tombstone; and never a reply or an event before the processor acted — a refund while the processor fails, a
 * capture whose answers are lost, a capture claimed just before a crash with the processor killed — each finished,
 * once, when the processor is back.
 */
@SpringBootTest(properties = {
        "eureka.client.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;DB_CLOSE_DELAY=-1",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}"})
@EmbeddedKafka(partitions = 1)
class PaymentCommandsTest {

    static final Duration QUIET = Duration.ofSeconds(2);

    @Autowired
    PaymentManagement payments;

    @Autowired
    PaymentMethods methods;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    MeterRegistry meters;

    @Autowired
    CircuitBreakerRegistry breakers;

    final JsonMapper json = JsonMapper.builder().build();
    KafkaTopics topics;

    @DynamicPropertySource
    static void processor(DynamicPropertyRegistry registry) {
        Processor.register(registry);
    }

    @BeforeEach
    void connect() {
        Processor.healthy();
        breakers.circuitBreaker(ProcessorConfiguration.NAME).reset();
        topics = new KafkaTopics(broker.getBrokersAsString());
    }

    @AfterEach
    void disconnect() {
        topics.close();
    }

    @Test
    void authorizeAndCaptureDeliveredTwiceChargeTheCardOnce() {
        String order = "o-" + UUID.randomUUID();
        sendTwice(new AuthorizePayment(order, "u-1", new BigDecimal("79.80"), "USD", token("4242424242424242")));
        await().atMost(Duration.ofSeconds(15)).until(() -> replies(order).contains("dev.emporium.PaymentAuthorized.v1"));
        sendTwice(new CapturePayment(order, new BigDecimal("79.80")));
        send(new CapturePayment(order, new BigDecimal("79.80")));
        await().atMost(Duration.ofSeconds(15)).until(() -> replies(order).contains("dev.emporium.PaymentCaptured.v1"));
        await().atMost(Duration.ofSeconds(15)).until(() -> replies(order).size() == 3);
        assertThat(Processor.count(order, "AUTHORIZE")).isEqualTo(1);
        assertThat(Processor.count(order, "CAPTURE")).isEqualTo(1);
        assertThat(meters.get("emporium.payments").tag("operation", "capture").counter().count()).isGreaterThanOrEqualTo(1);
        assertThat(payments.forOrderId(order).orElseThrow().status()).isEqualTo(PaymentStatus.CAPTURED);
        List<String> events = topics.readAll(CheckoutTopics.PAYMENT_EVENTS).stream().filter(m -> m.contains(order)).toList();
        assertThat(events).isNotEmpty().allMatch(m -> m.contains("dev.emporium.PaymentCaptured.v1"));
        assertThat(events.stream().map(m -> JsonPath.<String>read(m, "$.id")).distinct()).as("one event id per capture").hasSize(1);
    }

    @Test
    void theContractsTestCardsEndToEnd() {
        Map<String, String> expected = Map.of(
                "4242424242424242", "dev.emporium.PaymentAuthorized.v1",
                "5555555555554444", "dev.emporium.PaymentAuthorized.v1",
                "4000000000000002", "card_declined",
                "4000000000009995", "insufficient_funds",
                "4000000000000119", "processor_unavailable");
        Map<String, String> orders = new java.util.HashMap<>();
        expected.keySet().forEach(card -> {
            String order = "o-" + UUID.randomUUID();
            orders.put(card, order);
            send(new AuthorizePayment(order, "u-1", BigDecimal.TEN, "USD", token(card)));
        });
        expected.forEach((card, answer) -> {
            String order = orders.get(card);
            await().atMost(Duration.ofSeconds(15)).until(() -> !replies(order).isEmpty());
            String reply = topics.readAll(CheckoutTopics.CHECKOUT_REPLIES).stream().filter(m -> m.contains(order)).findFirst().orElseThrow();
            if (answer.startsWith("dev.")) {
                assertThat(JsonPath.<String>read(reply, "$.type")).as(card).isEqualTo(answer);
            } else {
                assertThat(JsonPath.<String>read(reply, "$.type")).as(card).isEqualTo("dev.emporium.PaymentDeclined.v1");
                assertThat(JsonPath.<String>read(reply, "$.data.reason")).as(card).isEqualTo(answer);
            }
        });
        assertThat(Processor.ledger(orders.get("4000000000000119"))).as("retried, then declined: nothing happened").isEmpty();
    }

    @Test
    void aVoidBeforeItsAuthorizationLeavesATombstoneAndTheLateAuthorizationHoldsNothing() {
        String order = "o-" + UUID.randomUUID();
        send(new VoidPayment(order));
        await().atMost(Duration.ofSeconds(15)).until(() -> replies(order).contains("dev.emporium.PaymentVoided.v1"));
        send(new AuthorizePayment(order, "u-1", new BigDecimal("12.00"), "USD", token("4242424242424242")));
        await().atMost(Duration.ofSeconds(15)).until(() -> replies(order).contains("dev.emporium.PaymentDeclined.v1"));
        assertThat(topics.readAll(CheckoutTopics.CHECKOUT_REPLIES)).filteredOn(m -> m.contains(order) && m.contains("PaymentDeclined"))
                .singleElement().satisfies(m -> assertThat(JsonPath.<String>read(m, "$.data.reason")).isEqualTo("voided"));
        assertThat(Processor.ledger(order)).as("the late authorization called nothing").isEmpty();
        assertThat(payments.forOrderId(order).orElseThrow().status()).isEqualTo(PaymentStatus.VOIDED);
    }

    /** Finding 1: a refund is never marked (nor announced) before the processor refunded. */
    @Test
    void aRefundWhileTheProcessorFailsStaysPendingUntilTheProcessorRefunds() {
        String order = capturedOrder("12.00");
        Processor.failing();
        send(new RefundPayment(order));
        await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> !replies(order).contains("dev.emporium.PaymentRefunded.v1"));
        Payment pending = payments.forOrderId(order).orElseThrow();
        assertThat(pending.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(pending.intent()).isEqualTo(Intent.REFUND);
        assertThat(refundEvents(order)).as("no PaymentRefunded before the processor refunded").isEmpty();
        assertThat(Processor.count(order, "REFUND")).isZero();

        Processor.healthy();
        await().atMost(Duration.ofSeconds(30)).until(() -> payments.forOrderId(order).orElseThrow().status() == PaymentStatus.REFUNDED);
        await().atMost(Duration.ofSeconds(30)).until(() -> replies(order).contains("dev.emporium.PaymentRefunded.v1"));
        await().atMost(Duration.ofSeconds(15)).until(() -> refundEvents(order).size() == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> refundEvents(order).size() == 1);
        assertThat(Processor.count(order, "REFUND")).isEqualTo(1);
        assertThat(payments.forOrderId(order).orElseThrow().intent()).isNull();
    }

    /** The answer is lost after the processor captured: no reply until the same call is answered, one capture in all. */
    @Test
    void aCaptureWhoseAnswersAreLostIsAnsweredOnlyOnceTheProcessorAnswers() {
        String order = authorizedOrder("20.00");
        Processor.losingAnswers();
        send(new CapturePayment(order, new BigDecimal("20.00")));
        await().atMost(Duration.ofSeconds(15)).until(() -> Processor.count(order, "CAPTURE") == 1);
        await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> !replies(order).contains("dev.emporium.PaymentCaptured.v1"));
        Payment pending = payments.forOrderId(order).orElseThrow();
        assertThat(pending.status()).isEqualTo(PaymentStatus.AUTHORIZED);
        assertThat(pending.intent()).isEqualTo(Intent.CAPTURE);

        Processor.healthy();
        await().atMost(Duration.ofSeconds(30)).until(() -> replies(order).contains("dev.emporium.PaymentCaptured.v1"));
        assertThat(payments.forOrderId(order).orElseThrow().status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(Processor.count(order, "CAPTURE")).as("re-issued with the same key").isEqualTo(1);
    }

    /**
     * Finding 2: killed between recording the capture and calling the processor (the state such a SIGKILL leaves),
     * with the processor itself down: the redelivered command is not answered PaymentCaptured until the processor
     * has captured.
     */
    @Test
    void aCaptureLeftByACrashIsNotAnsweredBeforeTheProcessorCaptured() {
        String order = authorizedOrder("30.00");
        jdbc.sql("update payment set intent = 'CAPTURE', intent_since = ?, intent_lease_until = null where order_id = ?")
                .params(Instant.now().minusSeconds(60).atOffset(ZoneOffset.UTC), order).update();
        Processor.simulator().kill();
        send(new CapturePayment(order, new BigDecimal("30.00")));
        await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> !replies(order).contains("dev.emporium.PaymentCaptured.v1"));
        assertThat(payments.forOrderId(order).orElseThrow().status()).isEqualTo(PaymentStatus.AUTHORIZED);

        Processor.simulator().restart();
        await().atMost(Duration.ofSeconds(30)).until(() -> replies(order).contains("dev.emporium.PaymentCaptured.v1"));
        assertThat(payments.forOrderId(order).orElseThrow().status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(Processor.count(order, "CAPTURE")).isEqualTo(1);
        assertThat(meters.get("emporium.payments.intents.pending").gauge().value()).isZero();
    }

    private String authorizedOrder(String amount) {
        String order = "o-" + UUID.randomUUID();
        send(new AuthorizePayment(order, "u-2", new BigDecimal(amount), "USD", token("4242424242424242")));
        await().atMost(Duration.ofSeconds(15)).until(() -> replies(order).contains("dev.emporium.PaymentAuthorized.v1"));
        return order;
    }

    private String capturedOrder(String amount) {
        String order = authorizedOrder(amount);
        send(new CapturePayment(order, new BigDecimal(amount)));
        await().atMost(Duration.ofSeconds(15)).until(() -> replies(order).contains("dev.emporium.PaymentCaptured.v1"));
        return order;
    }

    private String token(String card) {
        return methods.tokenize(card).token();
    }

    private List<String> refundEvents(String order) {
        return topics.readAll(CheckoutTopics.PAYMENT_EVENTS).stream()
                .filter(m -> m.contains(order) && m.contains("dev.emporium.PaymentRefunded.v1")).toList();
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
