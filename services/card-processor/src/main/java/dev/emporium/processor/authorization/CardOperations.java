package dev.emporium.processor.authorization;

import java.math.BigDecimal;
import java.time.Instant;

import dev.emporium.processor.card.CardBehaviour;
import dev.emporium.processor.card.PaymentMethods;
import dev.emporium.processor.idempotency.Ids;
import dev.emporium.processor.ledger.Ledger;
import dev.emporium.processor.web.ProcessorException;
import dev.emporium.processor.web.TransientFailureException;
import org.springframework.stereotype.Service;

/**
 * Authorize, capture, void and refund. Each runs inside the idempotent executor's transaction: the effect, its
 * ledger entry and the key's stored answer commit together. A refusal is thrown before anything changes.
 */
@Service
class CardOperations {

    static final String APPROVED = "APPROVED";
    static final String DECLINED = "DECLINED";

    private final Authorizations authorizations;
    private final PaymentMethods paymentMethods;
    private final Ledger ledger;

    CardOperations(Authorizations authorizations, PaymentMethods paymentMethods, Ledger ledger) {
        this.authorizations = authorizations;
        this.paymentMethods = paymentMethods;
        this.ledger = ledger;
    }

    Authorization authorize(String reference, String paymentMethod, BigDecimal amount, String currency, String key) {
        var method = paymentMethods.find(paymentMethod);
        String declineCode;
        if (method.isEmpty()) {
            declineCode = "invalid_payment_method";
        } else if (method.get().behaviour() == CardBehaviour.TRANSIENT_FAILURE) {
            throw new TransientFailureException("The card network did not answer; retry with the same Idempotency-Key.");
        } else {
            declineCode = method.get().behaviour().declineCode();
        }
        Authorization authorization = new Authorization(Ids.next("auth_"), reference, paymentMethod,
                declineCode == null ? Authorization.Status.APPROVED : Authorization.Status.DECLINED, declineCode,
                amount, currency, BigDecimal.ZERO.setScale(2), BigDecimal.ZERO.setScale(2), Instant.now());
        authorizations.insert(authorization);
        ledger.record("AUTHORIZE", authorization.id(), reference, amount, currency,
                declineCode == null ? APPROVED : DECLINED, key);
        return authorization;
    }

    Authorization capture(String id, BigDecimal amount, String key) {
        Authorization captured = locked(id).capture(amount);
        authorizations.update(captured);
        ledger.record("CAPTURE", id, captured.reference(), amount, captured.currency(), APPROVED, key);
        return captured;
    }

    Authorization voidAuthorization(String id, String key) {
        Authorization current = locked(id);
        Authorization voided = current.voided();
        if (voided != current) {
            authorizations.update(voided);
            ledger.record("VOID", id, voided.reference(), voided.amount(), voided.currency(), APPROVED, key);
        }
        return voided;
    }

    Authorization refund(String id, BigDecimal amount, String key) {
        Authorization refunded = locked(id).refund(amount);
        authorizations.update(refunded);
        ledger.record("REFUND", id, refunded.reference(), amount, refunded.currency(), APPROVED, key);
        return refunded;
    }

    Authorization get(String id) {
        return authorizations.find(id).orElseThrow(() -> ProcessorException.notFound("Authorization " + id));
    }

    private Authorization locked(String id) {
        return authorizations.lock(id).orElseThrow(() -> ProcessorException.notFound("Authorization " + id));
    }
}
