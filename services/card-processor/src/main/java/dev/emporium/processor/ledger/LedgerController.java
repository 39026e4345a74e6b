package dev.emporium.processor.ledger;

import java.util.List;

import dev.emporium.processor.web.ProcessorException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/ledger}: what the processor says happened, for reconciliation and the chaos suite's invariants.
 * Never subject to injected faults.
 */
@RestController
class LedgerController {

    static final int MAX_LIMIT = 10_000;

    private final Ledger ledger;

    LedgerController(Ledger ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/v1/ledger")
    List<LedgerEntry> ledger(@RequestParam(required = false) String reference,
            @RequestParam(defaultValue = "1000") int limit) {
        if (reference != null) {
            return ledger.of(reference);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProcessorException.badRequest("invalid_limit", "limit is between 1 and " + MAX_LIMIT + ".");
        }
        return ledger.latest(limit);
    }
}
