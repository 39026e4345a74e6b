package dev.emporium.payment.payment;

import java.util.UUID;

/**
 * A processor operation recorded before it is called, and cleared once its outcome is recorded. Its idempotency key
 * at the processor is {@code <payment id>:<operation>}: the same for every attempt, whoever makes it (a redelivered
 * command, the reconciler, another instance), so the processor acts at most once per payment and operation.
 */
public enum Intent {
    AUTHORIZE("authorize"), CAPTURE("capture"), VOID("void"), REFUND("refund");

    private final String operation;

    Intent(String operation) {
        this.operation = operation;
    }

    public String operation() {
        return operation;
    }

    /** The idempotency key of this operation on this payment. */
    public String key(UUID paymentId) {
        return paymentId + ":" + operation;
    }
}
