package dev.emporium.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.jayway.jsonpath.JsonPath;
import dev.emporium.payment.payment.Payment;
import dev.emporium.payment.payment.PaymentManagement;
import dev.emporium.payment.payment.PaymentStatus;
import dev.emporium.payment.processor.CardProcessor;
import dev.emporium.testsupport.ApiClient;
import dev.emporium.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * payment-service: tokenization that never keeps the number, the contract's test cards, retries of transient
 * processor errors, at most one capture however many commands arrive at once, refunds only after capture, and
 * owner/admin visibility. H2 here, PostgreSQL in {@link PaymentsPostgresTest}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "eureka.client.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;DB_CLOSE_DELAY=-1",
        "spring.datasource.hikari.maximum-pool-size=20",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}"})
@EmbeddedKafka(partitions = 1)
class PaymentsTest {

    static final TestTokens tokens = new TestTokens();
    static final String VISA = "4242424242424242";

    @LocalServerPort
    int port;

    @Autowired
    PaymentManagement payments;

    @Autowired
    JdbcClient jdbc;

    @MockitoSpyBean
    CardProcessor processor;

    @DynamicPropertySource
    static void jwks(DynamicPropertyRegistry registry) {
        tokens.registerJwks(registry);
    }

    @Test
    void tokenizesACardAndNeverKeepsItsNumber() throws Exception {
        HttpResponse<String> created = api().post("/internal/payment-methods", tokens.customer("u-1"),
                "{\"cardNumber\":\"4242 4242 4242 4242\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(JsonPath.<String>read(created.body(), "$.last4")).isEqualTo("4242");
        assertThat(JsonPath.<String>read(created.body(), "$.token")).startsWith("tok_").doesNotContain(VISA);
        payments.authorize(request("order-" + UUID.randomUUID(), JsonPath.read(created.body(), "$.token"), "10.00"));
        String everything = String.join("|", jdbc.sql("select token || last4 || behaviour from card_token").query(String.class).list())
                + String.join("|", jdbc.sql("select card_token || card_last4 || coalesce(authorization_id, '') from payment")
                        .query(String.class).list());
        assertThat(everything).doesNotContain(VISA).doesNotContain("42424242");
    }

    @Test
    void refusesCardsThatFailLuhnAndNeedsAToken() throws Exception {
        HttpResponse<String> bad = api().post("/internal/payment-methods", tokens.customer("u-1"), "{\"cardNumber\":\"4242424242424241\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).doesNotContain("4242424242424241");
        assertThat(api().post("/internal/payment-methods", null, "{\"cardNumber\":\"" + VISA + "\"}").statusCode()).isEqualTo(401);
    }

    @Test
    void behavesLikeTheContractsTestCards() {
        assertThat(authorizeWith(VISA).status()).isEqualTo(PaymentStatus.AUTHORIZED);
        assertThat(authorizeWith("5555555555554444").status()).isEqualTo(PaymentStatus.AUTHORIZED);
        Payment declined = authorizeWith("4000000000000002");
        assertThat(declined.status()).isEqualTo(PaymentStatus.DECLINED);
        assertThat(declined.failureReason()).isEqualTo("card_declined");
        assertThat(authorizeWith("4000000000009995").failureReason()).isEqualTo("insufficient_funds");
    }

    @Test
    void retriesTransientProcessorErrorsThenDeclines() {
        String token = processor.tokenize("4000000000000119").token();
        clearInvocations(processor);
        Payment payment = payments.authorize(request("order-" + UUID.randomUUID(), token, "20.00"));
        assertThat(payment.status()).isEqualTo(PaymentStatus.DECLINED);
        assertThat(payment.failureReason()).isEqualTo("processor_unavailable");
        verify(processor, times(4)).authorize(anyString(), any(), anyString(), anyString());
    }

    @Test
    void authorizesOncePerOrder() {
        String token = processor.tokenize(VISA).token();
        String order = "order-" + UUID.randomUUID();
        clearInvocations(processor);
        Payment first = payments.authorize(request(order, token, "30.00"));
        Payment again = payments.authorize(request(order, token, "30.00"));
        assertThat(again.id()).isEqualTo(first.id());
        verify(processor, times(1)).authorize(anyString(), any(), anyString(), anyString());
    }

    @Test
    void capturesAtMostOnceWhateverArrivesAtOnce() throws Exception {
        Payment payment = authorizeWith(VISA);
        clearInvocations(processor);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Payment>> captures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            captures.add(pool.submit(() -> {
                start.await();
                return payments.capture(payment.orderId(), new BigDecimal("10.00"));
            }));
        }
        start.countDown();
        for (Future<Payment> capture : captures) {
            assertThat(capture.get().status()).isEqualTo(PaymentStatus.CAPTURED);
        }
        pool.shutdown();
        verify(processor, times(1)).capture(anyString(), any());
    }

    @Test
    void refusesACaptureOfAnotherAmount() {
        Payment payment = authorizeWith(VISA);
        assertThatThrownBy(() -> payments.capture(payment.orderId(), new BigDecimal("9.99")))
                .isInstanceOf(PaymentManagement.PaymentProblem.class);
    }

    @Test
    void aVoidedPaymentIsNeverCaptured() {
        Payment payment = authorizeWith(VISA);
        assertThat(payments.voidPayment(payment.orderId()).status()).isEqualTo(PaymentStatus.VOIDED);
        clearInvocations(processor);
        assertThat(payments.capture(payment.orderId(), new BigDecimal("10.00")).status()).isEqualTo(PaymentStatus.VOIDED);
        verify(processor, times(0)).capture(anyString(), any());
    }

    @Test
    void onlyAdminsRefundAndOnlyCapturedPayments() throws Exception {
        Payment payment = authorizeWith(VISA);
        String admin = tokens.admin("admin-1");
        assertThat(api().post("/api/payments/" + payment.id() + "/refund", admin, "").statusCode()).isEqualTo(409);
        payments.capture(payment.orderId(), new BigDecimal("10.00"));
        assertThat(api().post("/api/payments/" + payment.id() + "/refund", tokens.customer("owner-1"), "").statusCode()).isEqualTo(403);
        HttpResponse<String> refunded = api().post("/api/payments/" + payment.id() + "/refund", admin, "");
        assertThat(refunded.statusCode()).isEqualTo(202);
        assertThat(JsonPath.<String>read(refunded.body(), "$.status")).isEqualTo("REFUNDED");
        assertThat(api().post("/api/payments/" + payment.id() + "/refund", admin, "").statusCode()).as("idempotent").isEqualTo(202);
        assertThat(api().post("/api/payments/" + UUID.randomUUID() + "/refund", admin, "").statusCode()).isEqualTo(404);
    }

    @Test
    void ownersAndAdminsSeeAPaymentAndNobodyElse() throws Exception {
        Payment payment = authorizeWith(VISA);
        HttpResponse<String> own = api().get("/api/payments/" + payment.id(), tokens.customer("owner-1"));
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(own.body(), "$.cardLast4")).isEqualTo("4242");
        assertThat(JsonPath.<Double>read(own.body(), "$.amount")).isEqualTo(10.0);
        assertThat(own.body()).doesNotContain("tok_").doesNotContain(VISA);
        assertThat(api().get("/api/payments/" + payment.id(), tokens.customer("someone-else")).statusCode()).isEqualTo(404);
        assertThat(api().get("/api/payments/" + payment.id(), tokens.admin("admin-1")).statusCode()).isEqualTo(200);
        assertThat(JsonPath.<List<Object>>read(api().get("/api/payments?orderId=" + payment.orderId(), tokens.customer("owner-1")).body(), "$")).hasSize(1);
        assertThat(JsonPath.<List<Object>>read(api().get("/api/payments?orderId=" + payment.orderId(), tokens.customer("someone-else")).body(), "$")).isEmpty();
    }

    private Payment authorizeWith(String card) {
        return payments.authorize(request("order-" + UUID.randomUUID(), processor.tokenize(card).token(), "10.00"));
    }

    private static Payment.Request request(String order, String token, String amount) {
        return new Payment.Request(order, "owner-1", new BigDecimal(amount), "USD", token);
    }

    private ApiClient api() {
        return ApiClient.localhost(port);
    }
}
