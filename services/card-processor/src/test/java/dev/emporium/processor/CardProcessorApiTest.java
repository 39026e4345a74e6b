package dev.emporium.processor;

import static dev.emporium.processor.ProcessorClient.json;
import static dev.emporium.processor.ProcessorClient.key;
import static dev.emporium.processor.ProcessorClient.reference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The simulator's contract over real HTTP: test cards, amounts, idempotency, concurrency and injected faults. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class CardProcessorApiTest {

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("card-processor-test-");
        registry.add("EMPORIUM_DATA_DIR", dir::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    ProcessorClient processor;

    @BeforeEach
    void client() throws Exception {
        processor = new ProcessorClient(port);
        processor.faults("{\"latency\":\"0ms\",\"transientFailureRate\":0,\"lostAnswerRate\":0}");
    }

    @AfterEach
    void noFaults() throws Exception {
        processor.faults("{\"latency\":\"0ms\",\"transientFailureRate\":0,\"lostAnswerRate\":0}");
    }

    // --- payment methods ---

    @Test
    void tokenizesALuhnValidNumberWithSpacesOrDashesKeepingOnlyTheLastFour(CapturedOutput output) throws Exception {
        String number = "4111-1111 1111-1111";
        HttpResponse<String> response = processor.post("/v1/payment-methods", key(), "{\"cardNumber\":\"" + number + "\"}");

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode body = json(response);
        assertThat(body.get("id").asString()).startsWith("pm_");
        assertThat(body.get("last4").asString()).isEqualTo("1111");
        assertThat(body.properties()).hasSize(2);
        // the number reaches neither a table nor a log line
        assertThat(jdbc.sql("select count(*) from idempotency_record where body like '%4111111111111111%' "
                + "or fingerprint like '%4111111111111111%'").query(Long.class).single()).isZero();
        assertThat(output.getAll()).doesNotContain("4111111111111111").doesNotContain("4111-1111 1111-1111");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4242424242424241", "4242", "42424242424242424242", "4242x42424242424", ""})
    void refusesANumberThatIsNotLuhnValidOrHasTheWrongLength(String number) throws Exception {
        HttpResponse<String> response = processor.post("/v1/payment-methods", key(), "{\"cardNumber\":\"" + number + "\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).get("code").asString()).isEqualTo("invalid_card_number");
        assertThat(response.body()).doesNotContain(number.isEmpty() ? "\"\"" : number);
    }

    // --- test cards ---

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "4242424242424242, APPROVED, none",
            "4000000000000002, DECLINED, card_declined",
            "4000000000009995, DECLINED, insufficient_funds",
            "5555555555554444, APPROVED, none",
            "378282246310005, APPROVED, none"})
    void theTestCardsAuthorizeAsTheContractSays(String card, String status, String declineCode) throws Exception {
        String reference = reference();
        String key = key();
        HttpResponse<String> response = processor.authorize(key, reference, processor.paymentMethod(card), "12.5");

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode body = json(response);
        assertThat(body.get("id").asString()).startsWith("auth_");
        assertThat(body.get("reference").asString()).isEqualTo(reference);
        assertThat(body.get("status").asString()).isEqualTo(status);
        assertThat(body.has("declineCode") ? body.get("declineCode").asString() : null).isEqualTo(declineCode);
        assertThat(body.get("amount").decimalValue()).isEqualByComparingTo("12.50");
        assertThat(response.body()).contains("\"amount\":12.50");
        assertThat(body.get("currency").asString()).isEqualTo("EUR");

        JsonNode ledger = processor.ledger(reference);
        assertThat(ledger).hasSize(1);
        JsonNode entry = ledger.get(0);
        assertThat(entry.get("type").asString()).isEqualTo("AUTHORIZE");
        assertThat(entry.get("outcome").asString()).isEqualTo(status);
        assertThat(entry.get("reference").asString()).isEqualTo(reference);
        assertThat(entry.get("idempotencyKey").asString()).isEqualTo(key);
        assertThat(entry.get("amount").decimalValue()).isEqualByComparingTo("12.50");
        assertThat(entry.get("currency").asString()).isEqualTo("EUR");
        assertThat(entry.get("id").asString()).isNotBlank();
        assertThat(entry.get("createdAt").asString()).isNotBlank();
    }

    @Test
    void theTransientTestCardAnswers503EveryTimeAndNothingHappens() throws Exception {
        String reference = reference();
        String method = processor.paymentMethod("4000000000000119");
        String key = key();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = processor.authorize(key, reference, method, "10");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(processor.ledger(reference)).isEmpty();
    }

    @Test
    void anUnknownPaymentMethodIsDeclined() throws Exception {
        String reference = reference();
        HttpResponse<String> response = processor.authorize(key(), reference, "pm_unknown", "10");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(json(response).get("status").asString()).isEqualTo("DECLINED");
        assertThat(json(response).get("declineCode").asString()).isEqualTo("invalid_payment_method");
        assertThat(processor.ledger(reference)).singleElement()
                .satisfies(e -> assertThat(e.get("outcome").asString()).isEqualTo("DECLINED"));
    }

    // --- capture, void, refund ---

    @Test
    void capturesAtMostTheAuthorizedAmountOnce() throws Exception {
        String reference = reference();
        String id = processor.approved(reference, "20.00");

        assertThat(processor.capture(id, key(), "20.01").statusCode()).isEqualTo(409);
        HttpResponse<String> captured = processor.capture(id, key(), "15");
        assertThat(captured.statusCode()).isEqualTo(200);
        assertThat(json(captured).get("id").asString()).isEqualTo(id);
        assertThat(json(captured).get("status").asString()).isEqualTo("CAPTURED");
        assertThat(captured.body()).contains("\"capturedAmount\":15.00");
        HttpResponse<String> again = processor.capture(id, key(), "5");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("code").asString()).isEqualTo("already_captured");

        HttpResponse<String> state = processor.get("/v1/authorizations/" + id);
        assertThat(state.statusCode()).isEqualTo(200);
        assertThat(json(state).get("status").asString()).isEqualTo("CAPTURED");
        assertThat(json(state).get("amount").decimalValue()).isEqualByComparingTo("20.00");
        assertThat(json(state).get("capturedAmount").decimalValue()).isEqualByComparingTo("15.00");
        assertThat(types(processor.ledger(reference))).containsExactly("AUTHORIZE", "CAPTURE");
    }

    @Test
    void aVoidedAuthorizationCannotBeCapturedAndVoidingAgainAddsNothing() throws Exception {
        String reference = reference();
        String id = processor.approved(reference, "30.00");

        HttpResponse<String> voided = processor.voidIt(id, key());
        assertThat(voided.statusCode()).isEqualTo(200);
        assertThat(json(voided).get("status").asString()).isEqualTo("VOIDED");
        assertThat(processor.voidIt(id, key()).statusCode()).isEqualTo(200);
        HttpResponse<String> capture = processor.capture(id, key(), "1");
        assertThat(capture.statusCode()).isEqualTo(409);
        assertThat(json(capture).get("code").asString()).isEqualTo("authorization_voided");
        assertThat(processor.refund(id, key(), "1").statusCode()).isEqualTo(409);

        JsonNode ledger = processor.ledger(reference);
        assertThat(types(ledger)).containsExactly("AUTHORIZE", "VOID");
        assertThat(ledger.get(1).get("amount").decimalValue()).isEqualByComparingTo("30.00");
    }

    @Test
    void aCapturedAuthorizationCannotBeVoided() throws Exception {
        String id = processor.approved(reference(), "30.00");
        assertThat(processor.capture(id, key(), "30").statusCode()).isEqualTo(200);

        HttpResponse<String> voided = processor.voidIt(id, key());
        assertThat(voided.statusCode()).isEqualTo(409);
        assertThat(json(voided).get("code").asString()).isEqualTo("already_captured");
    }

    @Test
    void aDeclinedAuthorizationCanBeNeitherCapturedNorVoided() throws Exception {
        HttpResponse<String> declined = processor.authorize(key(), reference(),
                processor.paymentMethod("4000000000000002"), "10");
        String id = json(declined).get("id").asString();

        assertThat(processor.capture(id, key(), "10").statusCode()).isEqualTo(409);
        assertThat(processor.voidIt(id, key()).statusCode()).isEqualTo(409);
    }

    @Test
    void refundsUpToTheCapturedAmountThenRefuses() throws Exception {
        String reference = reference();
        String id = processor.approved(reference, "50.00");
        assertThat(processor.refund(id, key(), "1").statusCode()).as("nothing captured yet").isEqualTo(409);
        assertThat(processor.capture(id, key(), "40.00").statusCode()).isEqualTo(200);

        HttpResponse<String> first = processor.refund(id, key(), "15.50");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(json(first).get("status").asString()).isEqualTo("PARTIALLY_REFUNDED");
        assertThat(first.body()).contains("\"refundedAmount\":15.50");
        HttpResponse<String> tooMuch = processor.refund(id, key(), "24.51");
        assertThat(tooMuch.statusCode()).isEqualTo(409);
        assertThat(json(tooMuch).get("code").asString()).isEqualTo("amount_exceeds_captured");
        HttpResponse<String> rest = processor.refund(id, key(), "24.50");
        assertThat(rest.statusCode()).isEqualTo(200);
        assertThat(json(rest).get("status").asString()).isEqualTo("REFUNDED");
        assertThat(json(rest).get("refundedAmount").decimalValue()).isEqualByComparingTo("40.00");
        assertThat(processor.refund(id, key(), "0.01").statusCode()).isEqualTo(409);

        assertThat(types(processor.ledger(reference))).containsExactly("AUTHORIZE", "CAPTURE", "REFUND", "REFUND");
    }

    @Test
    void anUnknownAuthorizationIs404() throws Exception {
        assertThat(processor.capture("auth_nope", key(), "1").statusCode()).isEqualTo(404);
        assertThat(processor.voidIt("auth_nope", key()).statusCode()).isEqualTo(404);
        assertThat(processor.refund("auth_nope", key(), "1").statusCode()).isEqualTo(404);
        HttpResponse<String> get = processor.get("/v1/authorizations/auth_nope");
        assertThat(get.statusCode()).isEqualTo(404);
        assertThat(get.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    // --- client mistakes ---

    @Test
    void clientMistakesAre400ProblemsWithoutStackTraces() throws Exception {
        String method = processor.paymentMethod("4242424242424242");
        List<HttpResponse<String>> responses = List.of(
                processor.post("/v1/authorizations", key(), "{\"reference\":"),
                processor.post("/v1/authorizations", key(), "[]"),
                processor.post("/v1/authorizations", key(), "{\"reference\":\"r\",\"paymentMethod\":\"" + method
                        + "\",\"amount\":-1,\"currency\":\"EUR\"}"),
                processor.post("/v1/authorizations", key(), "{\"reference\":\"r\",\"paymentMethod\":\"" + method
                        + "\",\"amount\":1.001,\"currency\":\"EUR\"}"),
                processor.post("/v1/authorizations", key(), "{\"reference\":\"r\",\"paymentMethod\":\"" + method
                        + "\",\"amount\":\"ten\",\"currency\":\"EUR\"}"),
                processor.post("/v1/authorizations", key(), "{\"reference\":\"\",\"paymentMethod\":\"" + method
                        + "\",\"amount\":1,\"currency\":\"euro\"}"),
                processor.capture("auth_x", key(), "0"),
                processor.post("/v1/authorizations", null, "{\"reference\":\"r\",\"paymentMethod\":\"" + method
                        + "\",\"amount\":1,\"currency\":\"EUR\"}"),
                processor.get("/v1/ledger?limit=0"),
                processor.get("/v1/ledger?limit=10001"),
                processor.get("/v1/ledger?limit=many"));
        assertThat(responses).allSatisfy(response -> {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = json(response);
            assertThat(problem.has("type") && problem.has("title") && problem.has("status") && problem.has("detail"))
                    .as(response.body()).isTrue();
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.emporium");
        });
        assertThat(json(responses.get(7)).get("code").asString()).isEqualTo("idempotency_key_missing");
    }

    // --- idempotency ---

    @Test
    void aReplayReturnsTheFirstAnswerAndAddsNothingToTheLedger() throws Exception {
        String reference = reference();
        String method = processor.paymentMethod("4242424242424242");
        String key = key();
        HttpResponse<String> first = processor.authorize(key, reference, method, "10");
        HttpResponse<String> replay = processor.authorize(key, reference, method, "10.00");
        assertThat(replay.statusCode()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(first.body());

        String id = json(first).get("id").asString();
        String captureKey = key();
        HttpResponse<String> capture = processor.capture(id, captureKey, "10");
        assertThat(processor.capture(id, captureKey, "10").body()).isEqualTo(capture.body());
        HttpResponse<String> refused = processor.capture(id, key(), "10");
        assertThat(refused.statusCode()).isEqualTo(409);

        assertThat(types(processor.ledger(reference))).containsExactly("AUTHORIZE", "CAPTURE");
    }

    @Test
    void aStoredRefusalIsReplayedToo() throws Exception {
        String id = processor.approved(reference(), "10");
        String key = key();
        HttpResponse<String> refused = processor.capture(id, key, "11");
        assertThat(refused.statusCode()).isEqualTo(409);

        HttpResponse<String> replay = processor.capture(id, key, "11");
        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(replay.body()).isEqualTo(refused.body());
    }

    @Test
    void theSameKeyWithADifferentRequestIs422() throws Exception {
        String reference = reference();
        String method = processor.paymentMethod("4242424242424242");
        String key = key();
        assertThat(processor.authorize(key, reference, method, "10").statusCode()).isEqualTo(201);

        HttpResponse<String> otherAmount = processor.authorize(key, reference, method, "11");
        assertThat(otherAmount.statusCode()).isEqualTo(422);
        assertThat(json(otherAmount).get("code").asString()).isEqualTo("idempotency_key_reused");
        String id = json(processor.authorize(key(), reference, method, "5")).get("id").asString();
        assertThat(processor.capture(id, key, "10").statusCode()).as("other path").isEqualTo(422);
        assertThat(processor.ledger(reference)).hasSize(2);
    }

    @Test
    void ofConcurrentRequestsWithOneKeyExactlyOneTakesEffect() throws Exception {
        String reference = reference();
        String id = processor.approved(reference, "10.00");
        String key = key();

        List<HttpResponse<String>> responses = concurrently(10, () -> processor.capture(id, key, "10.00"));

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isIn(200, 409));
        assertThat(responses).filteredOn(r -> r.statusCode() == 200).isNotEmpty()
                .allSatisfy(r -> assertThat(json(r).get("status").asString()).isEqualTo("CAPTURED"));
        assertThat(responses).filteredOn(r -> r.statusCode() == 409)
                .allSatisfy(r -> assertThat(json(r).get("code").asString()).isEqualTo("idempotency_key_in_use"));
        assertThat(types(processor.ledger(reference))).containsExactly("AUTHORIZE", "CAPTURE");
    }

    @Test
    void concurrentCapturesWithDistinctKeysCaptureOnce() throws Exception {
        String reference = reference();
        String id = processor.approved(reference, "10.00");

        List<HttpResponse<String>> responses = concurrently(20, () -> processor.capture(id, key(), "10.00"));

        assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSize(1);
        assertThat(responses).filteredOn(r -> r.statusCode() == 409).hasSize(19);
        assertThat(types(processor.ledger(reference))).containsExactly("AUTHORIZE", "CAPTURE");
    }

    @Test
    void concurrentRefundsNeverExceedTheCapturedAmount() throws Exception {
        String reference = reference();
        String id = processor.approved(reference, "10.00");
        assertThat(processor.capture(id, key(), "10.00").statusCode()).isEqualTo(200);

        List<HttpResponse<String>> responses = concurrently(20, () -> processor.refund(id, key(), "1.00"));

        assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSize(10);
        assertThat(responses).filteredOn(r -> r.statusCode() == 409).hasSize(10);
        assertThat(json(processor.get("/v1/authorizations/" + id)).get("refundedAmount").decimalValue())
                .isEqualByComparingTo("10.00");
        assertThat(types(processor.ledger(reference))).filteredOn("REFUND"::equals).hasSize(10);
    }

    // --- faults ---

    @Test
    void aTransientFailureChangesNothingAndTheSameKeySucceedsLater() throws Exception {
        String reference = reference();
        String method = processor.paymentMethod("4242424242424242");
        String key = key();
        processor.faults("{\"transientFailureRate\":1}");

        HttpResponse<String> failed = processor.authorize(key, reference, method, "10");
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(json(failed).get("code").asString()).isEqualTo("processor_unavailable");
        assertThat(processor.ledger(reference)).as("the ledger is never subject to faults").isEmpty();

        processor.faults("{\"transientFailureRate\":0}");
        HttpResponse<String> retried = processor.authorize(key, reference, method, "10");
        assertThat(retried.statusCode()).isEqualTo(201);
        assertThat(processor.ledger(reference)).hasSize(1);
    }

    @Test
    void aLostAnswerTookEffectAndTheRetryWithTheSameKeyGetsIt() throws Exception {
        String reference = reference();
        String method = processor.paymentMethod("4242424242424242");
        String key = key();
        processor.faults("{\"lostAnswerRate\":1}");

        assertThatThrownBy(() -> processor.authorize(key, reference, method, "10")).isInstanceOf(IOException.class);
        JsonNode ledger = processor.ledger(reference);
        assertThat(ledger).singleElement().satisfies(e -> assertThat(e.get("idempotencyKey").asString()).isEqualTo(key));

        processor.faults("{\"lostAnswerRate\":0}");
        HttpResponse<String> retried = processor.authorize(key, reference, method, "10");
        assertThat(retried.statusCode()).isEqualTo(201);
        String id = json(retried).get("id").asString();
        assertThat(json(processor.get("/v1/authorizations/" + id)).get("reference").asString()).isEqualTo(reference);
        assertThat(processor.ledger(reference)).hasSize(1);
    }

    @Test
    void latencyDelaysOperationsButNotTheLedger() throws Exception {
        String method = processor.paymentMethod("4242424242424242");
        processor.faults("{\"latency\":\"PT2S\"}"); // long enough that a slow CI machine cannot blur the two

        long start = System.nanoTime();
        assertThat(processor.authorize(key(), reference(), method, "1").statusCode()).isEqualTo(201);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        start = System.nanoTime();
        assertThat(processor.get("/v1/ledger?limit=1").statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void faultsAreReadAndChangedAtRunTime() throws Exception {
        HttpResponse<String> changed = processor.put("/v1/faults",
                "{\"latency\":\"50ms\",\"transientFailureRate\":0.25,\"lostAnswerRate\":0.5}");
        assertThat(changed.statusCode()).isEqualTo(200);
        processor.faults("{\"transientFailureRate\":0.1}");

        JsonNode faults = json(processor.get("/v1/faults"));
        assertThat(faults.get("latency").asString()).isEqualTo("PT0.05S");
        assertThat(faults.get("transientFailureRate").asDouble()).isEqualTo(0.1);
        assertThat(faults.get("lostAnswerRate").asDouble()).isEqualTo(0.5);
        for (String invalid : List.of("{\"transientFailureRate\":1.5}", "{\"lostAnswerRate\":-0.1}",
                "{\"latency\":\"soon\"}", "{\"latency\":\"-PT1S\"}", "{")) {
            HttpResponse<String> refused = processor.put("/v1/faults", invalid);
            assertThat(refused.statusCode()).as(invalid).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(json(processor.get("/v1/faults")).get("lostAnswerRate").asDouble()).isEqualTo(0.5);
    }

    @Test
    void theActuatorAndTheFaultsEndpointAreNeverFaulty() throws Exception {
        processor.faults("{\"transientFailureRate\":1,\"lostAnswerRate\":1}");
        assertThat(processor.get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(processor.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(processor.get("/v1/faults").statusCode()).isEqualTo(200);
        assertThat(processor.put("/v1/faults", "{\"transientFailureRate\":0,\"lostAnswerRate\":0}").statusCode()).isEqualTo(200);
    }

    // --- ledger ---

    @Test
    void theWholeLedgerListsTheNewestEntriesNewestLast() throws Exception {
        String older = reference();
        String newer = reference();
        processor.approved(older, "1");
        processor.approved(newer, "2");

        JsonNode latest = json(processor.get("/v1/ledger?limit=2"));
        assertThat(latest).hasSize(2);
        assertThat(latest.get(0).get("reference").asString()).isEqualTo(older);
        assertThat(latest.get(1).get("reference").asString()).isEqualTo(newer);
        assertThat(json(processor.get("/v1/ledger")).size()).isGreaterThanOrEqualTo(2);
    }

    private static List<String> types(JsonNode ledger) {
        List<String> types = new ArrayList<>();
        ledger.forEach(entry -> types.add(entry.get("type").asString()));
        return types;
    }

    private static List<HttpResponse<String>> concurrently(int n, Callable<HttpResponse<String>> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                responses.add(future.get());
            }
            return responses;
        }
    }
}
