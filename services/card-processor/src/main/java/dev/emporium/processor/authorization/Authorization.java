package dev.emporium.processor.authorization;

import java.math.BigDecimal;
import java.time.Instant;

import dev.emporium.processor.web.ProcessorException;

/**
 * A hold on a card and what became of it. Its transitions are the provider's rules: capture once, at most the
 * authorized amount, only while approved; void only before capture (voiding twice changes nothing); refunds in
 * total at most what was captured.
 */
public record Authorization(String id, String reference, String paymentMethod, Status status, String declineCode,
        BigDecimal amount, String currency, BigDecimal capturedAmount, BigDecimal refundedAmount, Instant createdAt) {

    public enum Status {
        APPROVED, DECLINED, CAPTURED, VOIDED, PARTIALLY_REFUNDED, REFUNDED;

        boolean captured() {
            return this == CAPTURED || this == PARTIALLY_REFUNDED || this == REFUNDED;
        }
    }

    Authorization capture(BigDecimal requested) {
        switch (status) {
            case APPROVED -> {
                if (requested.compareTo(amount) > 0) {
                    throw ProcessorException.conflict("amount_exceeds_authorized",
                            "Cannot capture " + requested + ": " + amount + " " + currency + " was authorized.");
                }
                return with(Status.CAPTURED, requested, refundedAmount);
            }
            case VOIDED -> throw ProcessorException.conflict("authorization_voided", "The authorization was voided.");
            case DECLINED -> throw ProcessorException.conflict("authorization_declined", "The authorization was declined.");
            default -> throw ProcessorException.conflict("already_captured", "The authorization was already captured.");
        }
    }

    /** The voided authorization; this one unchanged when it is voided already (the caller records nothing then). */
    Authorization voided() {
        if (status == Status.APPROVED) {
            return with(Status.VOIDED, capturedAmount, refundedAmount);
        }
        if (status == Status.VOIDED) {
            return this;
        }
        if (status == Status.DECLINED) {
            throw ProcessorException.conflict("authorization_declined", "A declined authorization holds nothing to void.");
        }
        throw ProcessorException.conflict("already_captured", "A captured authorization cannot be voided; refund it.");
    }

    Authorization refund(BigDecimal requested) {
        if (!status.captured()) {
            throw ProcessorException.conflict("not_captured", "Nothing was captured, so nothing can be refunded.");
        }
        BigDecimal refunded = refundedAmount.add(requested);
        if (refunded.compareTo(capturedAmount) > 0) {
            throw ProcessorException.conflict("amount_exceeds_captured", "Cannot refund " + requested + ": "
                    + capturedAmount.subtract(refundedAmount) + " " + currency + " of the capture is left to refund.");
        }
        return with(refunded.compareTo(capturedAmount) == 0 ? Status.REFUNDED : Status.PARTIALLY_REFUNDED,
                capturedAmount, refunded);
    }

    private Authorization with(Status newStatus, BigDecimal captured, BigDecimal refunded) {
        return new Authorization(id, reference, paymentMethod, newStatus, declineCode, amount, currency, captured,
                refunded, createdAt);
    }
}
