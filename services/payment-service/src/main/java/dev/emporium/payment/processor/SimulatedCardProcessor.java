package dev.emporium.payment.processor;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A card processor that behaves like the public contract's test cards:
 * 4242424242424242 approves; 4000000000000002 declines ({@code card_declined}); 4000000000009995 declines
 * ({@code insufficient_funds}); 4000000000000119 fails transiently every time (the caller retries, then gives up);
 * any other Luhn-valid number approves. Latency and a random transient failure rate are configurable for chaos
 * and load tests. Tokens are kept in this service's database as the processor's "vault": token, last four and
 * test behaviour — never the number.
 */
@Component
class SimulatedCardProcessor implements CardProcessor {

    enum Behaviour { APPROVE, DECLINE_CARD, DECLINE_FUNDS, TRANSIENT_FAILURE }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration latency;
    private final double transientFailureRate;
    private final SecureRandom random = new SecureRandom();

    SimulatedCardProcessor(JdbcClient jdbc, Clock clock,
            @Value("${emporium.payments.processor.latency:PT0S}") Duration latency,
            @Value("${emporium.payments.processor.transient-failure-rate:0}") double transientFailureRate) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.latency = latency;
        this.transientFailureRate = transientFailureRate;
    }

    @Override
    public CardToken tokenize(String cardNumber) {
        String digits = cardNumber == null ? "" : cardNumber.replaceAll("[ -]", "");
        if (!Luhn.valid(digits)) {
            throw new InvalidCardException();
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        CardToken token = new CardToken("tok_" + HexFormat.of().formatHex(bytes), digits.substring(digits.length() - 4));
        jdbc.sql("insert into card_token (token, last4, behaviour, created_at) values (?, ?, ?, ?)")
                .params(token.token(), token.last4(), behaviourOf(digits).name(), clock.instant().atOffset(ZoneOffset.UTC))
                .update();
        return token;
    }

    @Override
    public Outcome authorize(String token, BigDecimal amount, String currency, String reference) {
        pause();
        Behaviour behaviour = jdbc.sql("select behaviour from card_token where token = ?").param(token)
                .query(String.class).optional().map(Behaviour::valueOf).orElse(null);
        if (behaviour == null) {
            return Outcome.declined("invalid_payment_method");
        }
        return switch (behaviour) {
            case DECLINE_CARD -> Outcome.declined("card_declined");
            case DECLINE_FUNDS -> Outcome.declined("insufficient_funds");
            case TRANSIENT_FAILURE -> Outcome.unavailable();
            case APPROVE -> randomFailure() ? Outcome.unavailable() : Outcome.approved("auth_" + UUID.randomUUID());
        };
    }

    @Override
    public Outcome capture(String authorizationId, BigDecimal amount) {
        pause();
        return randomFailure() ? Outcome.unavailable() : Outcome.approved("cap_" + authorizationId);
    }

    @Override
    public Outcome voidAuthorization(String authorizationId) {
        pause();
        return Outcome.approved("void_" + authorizationId);
    }

    @Override
    public Outcome refund(String authorizationId, BigDecimal amount) {
        pause();
        return Outcome.approved("ref_" + authorizationId);
    }

    static Behaviour behaviourOf(String digits) {
        return switch (digits) {
            case "4000000000000002" -> Behaviour.DECLINE_CARD;
            case "4000000000009995" -> Behaviour.DECLINE_FUNDS;
            case "4000000000000119" -> Behaviour.TRANSIENT_FAILURE;
            default -> Behaviour.APPROVE;
        };
    }

    private boolean randomFailure() {
        return transientFailureRate > 0 && ThreadLocalRandom.current().nextDouble() < transientFailureRate;
    }

    private void pause() {
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency); // simulated network latency of the processor, not a wait for async work
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

}
