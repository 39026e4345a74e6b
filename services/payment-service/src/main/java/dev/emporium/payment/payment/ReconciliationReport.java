package dev.emporium.payment.payment;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.emporium.payment.processor.CardProcessor;
import dev.emporium.payment.processor.CardProcessor.LedgerEntry;
import org.springframework.stereotype.Service;

/**
 * Our payments against the processor's ledger, for admins: every payment changed since a point in time is compared
 * with what the processor says took effect for its order. A payment with an intent pending is listed as such, not
 * as a discrepancy (its outcome is not recorded yet: the reconciler will). Anything else that differs is reported —
 * money taken or given back on one side only, amounts that differ, a hold left on a card whose payment was declined
 * or voided.
 */
@Service
class ReconciliationReport {

    private static final int MAX_PENDING_LISTED = 1000;

    private final Payments payments;
    private final CardProcessor processor;
    private final Clock clock;

    ReconciliationReport(Payments payments, CardProcessor processor, Clock clock) {
        this.payments = payments;
        this.processor = processor;
        this.clock = clock;
    }

    /** @throws dev.emporium.payment.processor.ProcessorUnavailableException when the ledger cannot be read */
    Report report(Instant since, int limit) {
        Instant checkedAt = clock.instant();
        List<PendingIntent> pending = payments.findPendingIntents(MAX_PENDING_LISTED).stream()
                .map(p -> new PendingIntent(p.id(), p.orderId(), p.intent(), p.intentSince())).toList();
        List<Discrepancy> discrepancies = new ArrayList<>();
        int checked = 0;
        for (Payment payment : payments.findUpdatedSince(since, limit)) {
            if (payment.intent() != null) {
                continue;
            }
            checked++;
            List<LedgerEntry> ledger = processor.ledger(payment.orderId());
            for (String problem : problems(payment, ledger)) {
                discrepancies.add(new Discrepancy(payment.id(), payment.orderId(), payment.status().name(), problem, ledger));
            }
        }
        return new Report(checkedAt, checked, pending, discrepancies);
    }

    /** What differs between one payment and the ledger of its order; empty when they agree. */
    static List<String> problems(Payment payment, List<LedgerEntry> ledger) {
        boolean authorized = ledger.stream().anyMatch(e -> e.approved("AUTHORIZE"));
        boolean voided = ledger.stream().anyMatch(e -> e.approved("VOID"));
        BigDecimal held = total(ledger, "AUTHORIZE");
        BigDecimal captured = total(ledger, "CAPTURE");
        BigDecimal refunded = total(ledger, "REFUND");
        BigDecimal amount = payment.amount();
        List<String> problems = new ArrayList<>();
        switch (payment.status()) {
            case AUTHORIZING -> {
            }
            case AUTHORIZED -> {
                if (!authorized) {
                    problems.add("authorized here, no approved authorization at the processor");
                } else if (held.compareTo(amount) != 0) {
                    problems.add("authorized amount differs: " + amount + " here, " + held + " at the processor");
                }
                if (captured.signum() > 0) {
                    problems.add("captured at the processor (" + captured + "), not here");
                }
                if (voided) {
                    problems.add("voided at the processor, still authorized here");
                }
            }
            case CAPTURED -> {
                if (captured.signum() == 0) {
                    problems.add("captured here, no capture at the processor");
                } else if (captured.compareTo(amount) != 0) {
                    problems.add("captured amount differs: " + amount + " here, " + captured + " at the processor");
                }
                if (refunded.signum() > 0) {
                    problems.add("refunded at the processor (" + refunded + "), not here");
                }
            }
            case REFUNDED -> {
                if (captured.signum() == 0) {
                    problems.add("refunded here, never captured at the processor");
                }
                if (refunded.signum() == 0) {
                    problems.add("refunded here, no refund at the processor");
                } else if (refunded.compareTo(amount) != 0) {
                    problems.add("refunded amount differs: " + amount + " here, " + refunded + " at the processor");
                }
            }
            case DECLINED, VOIDED -> {
                if (captured.signum() > 0) {
                    problems.add("captured at the processor (" + captured + "), " + payment.status() + " here");
                } else if (authorized && !voided) {
                    problems.add("authorization approved at the processor, neither captured nor voided, "
                            + payment.status() + " here");
                }
            }
        }
        return problems;
    }

    private static BigDecimal total(List<LedgerEntry> ledger, String type) {
        return ledger.stream().filter(e -> e.approved(type)).map(LedgerEntry::amount)
                .map(a -> a == null ? BigDecimal.ZERO : a).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    record Report(Instant checkedAt, int checked, List<PendingIntent> pendingIntents, List<Discrepancy> discrepancies) {
    }

    record PendingIntent(UUID paymentId, String orderId, Intent intent, Instant since) {
    }

    record Discrepancy(UUID paymentId, String orderId, String status, String problem, List<LedgerEntry> ledger) {
    }
}
