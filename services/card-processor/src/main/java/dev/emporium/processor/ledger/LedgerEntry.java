package dev.emporium.processor.ledger;

import java.math.BigDecimal;
import java.time.Instant;

/** One operation that took effect: {@code type} AUTHORIZE, CAPTURE, VOID or REFUND; {@code outcome} APPROVED or DECLINED. */
public record LedgerEntry(String id, String type, String reference, BigDecimal amount, String currency, String outcome,
        String idempotencyKey, Instant createdAt) {
}
