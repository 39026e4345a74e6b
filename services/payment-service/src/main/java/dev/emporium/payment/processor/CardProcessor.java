package dev.emporium.payment.processor;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The card processor seam: what Emporium needs from a payment provider. The provider is remote, so every call can
 * end three ways — it happened ({@link Outcome.Kind#APPROVED}, {@link Outcome.Kind#DECLINED}), it definitely did
 * not ({@link Outcome.Kind#REFUSED}, {@link Outcome.Kind#UNAVAILABLE}), or nobody knows
 * ({@link Outcome.Kind#UNKNOWN}: a timeout, a reset connection, an open breaker). Every mutating call carries an
 * idempotency key, so re-issuing it after an unknown outcome returns the first answer and never takes effect twice.
 * docs/decisions/0005-card-processor-seam.md says what a real provider's adapter must implement.
 */
public interface CardProcessor {

    /**
     * Exchanges a card number for a payment-method id at the processor; the number goes nowhere else.
     *
     * @throws InvalidCardException when the processor (or the Luhn check before it) rejects the number
     * @throws ProcessorUnavailableException when the processor cannot be reached
     */
    PaymentMethod tokenize(String cardNumber);

    /** Holds {@code amount} on the card; {@code reference} is the order id, which the ledger is searched by. */
    Outcome authorize(String paymentMethod, BigDecimal amount, String currency, String reference, String idempotencyKey);

    /** Takes (part of) the held amount. REFUSED: over the authorized amount, or voided. */
    Outcome capture(String authorizationId, BigDecimal amount, String idempotencyKey);

    /** Lets the hold go. REFUSED: already captured. */
    Outcome voidAuthorization(String authorizationId, String idempotencyKey);

    /** Gives (part of) a captured amount back. REFUSED: over the captured amount. */
    Outcome refund(String authorizationId, BigDecimal amount, String idempotencyKey);

    /**
     * Every operation that took effect for a reference, once each.
     *
     * @throws ProcessorUnavailableException when the processor cannot be reached
     */
    List<LedgerEntry> ledger(String reference);

    /** A card as the processor knows it: its payment-method id and what may be shown of the number. */
    record PaymentMethod(String id, String last4) {
    }

    /**
     * The processor's answer.
     *
     * @param id the authorization's id (authorize), or the operation's
     * @param declineCode why a card was declined (authorize only)
     * @param detail what the processor said when it refused, or what went wrong when the outcome is unknown
     */
    record Outcome(Kind kind, String id, String declineCode, String detail) {

        public enum Kind {
            /** It happened. */
            APPROVED,
            /** An authorization the card's issuer said no to: definite, nothing is held. */
            DECLINED,
            /** The processor refused the operation (409, or another 4xx): definite, nothing happened. */
            REFUSED,
            /** 503 on every bounded retry: the processor did nothing, the call may be made again later. */
            UNAVAILABLE,
            /** No answer (timeout, reset, other 5xx, open breaker): it may or may not have happened. */
            UNKNOWN
        }

        public static Outcome approved(String id) {
            return new Outcome(Kind.APPROVED, id, null, null);
        }

        public static Outcome declined(String id, String declineCode) {
            return new Outcome(Kind.DECLINED, id, declineCode, null);
        }

        public static Outcome refused(String detail) {
            return new Outcome(Kind.REFUSED, null, null, detail);
        }

        public static Outcome unavailable() {
            return new Outcome(Kind.UNAVAILABLE, null, null, "processor unavailable");
        }

        public static Outcome unknown(String detail) {
            return new Outcome(Kind.UNKNOWN, null, null, detail);
        }

        public boolean is(Kind expected) {
            return kind == expected;
        }
    }

    /** One operation in the processor's ledger. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LedgerEntry(String id, String type, String reference, BigDecimal amount, String currency, String outcome,
            String idempotencyKey, Instant createdAt) {

        public boolean approved(String ofType) {
            return type.equals(ofType) && "APPROVED".equals(outcome);
        }
    }

    /** The card number is not a valid card number. */
    class InvalidCardException extends IllegalArgumentException {
        public InvalidCardException() {
            super("The card number is not valid.");
        }
    }
}
