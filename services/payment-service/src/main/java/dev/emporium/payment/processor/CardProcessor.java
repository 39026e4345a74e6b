package dev.emporium.payment.processor;

import java.math.BigDecimal;

/** What Emporium needs from a card processor. Every call is idempotent on its reference. */
public interface CardProcessor {

    /** Exchanges a card number for a token; the number is not kept. */
    CardToken tokenize(String cardNumber);

    /** Holds the amount on the card behind the token. */
    Outcome authorize(String token, BigDecimal amount, String currency, String reference);

    /** Takes the held amount. */
    Outcome capture(String authorizationId, BigDecimal amount);

    /** Lets the hold go. */
    Outcome voidAuthorization(String authorizationId);

    /** Gives a captured amount back. */
    Outcome refund(String authorizationId, BigDecimal amount);

    /** A token and what may be shown of the card. */
    record CardToken(String token, String last4) {
    }

    /** The processor's answer. {@code transientFailure}: try again later; {@code declined}: final. */
    record Outcome(boolean approved, boolean transientFailure, String id, String declineReason) {

        public static Outcome approved(String id) {
            return new Outcome(true, false, id, null);
        }

        public static Outcome declined(String reason) {
            return new Outcome(false, false, null, reason);
        }

        public static Outcome unavailable() {
            return new Outcome(false, true, null, "processor_error");
        }
    }

    /** The card number is not a valid card number (Luhn). */
    class InvalidCardException extends IllegalArgumentException {
        public InvalidCardException() {
            super("The card number is not valid.");
        }
    }
}
