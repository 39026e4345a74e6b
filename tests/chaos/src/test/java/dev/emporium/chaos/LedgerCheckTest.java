package dev.emporium.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

/** The suite's judge of money is itself tested: it must catch each way a ledger can disagree with an order. */
class LedgerCheckTest {

    static final BigDecimal TOTAL = new BigDecimal("12.50");

    static String entry(String type, String outcome, String amount) {
        return "{\"type\":\"%s\",\"outcome\":\"%s\",\"amount\":%s,\"reference\":\"o-1\"}".formatted(type, outcome, amount);
    }

    static String ledger(String... entries) {
        return "[" + String.join(",", entries) + "]";
    }

    @Test
    void agreesWithEachStateDoneRight() {
        String auth = entry("AUTHORIZE", "APPROVED", "12.50");
        assertThat(LedgerCheck.problem("CONFIRMED", TOTAL, ledger(auth, entry("CAPTURE", "APPROVED", "12.5")))).isNull();
        assertThat(LedgerCheck.problem("CANCELLED", TOTAL, ledger(auth, entry("CAPTURE", "APPROVED", "12.50"),
                entry("REFUND", "APPROVED", "12.50")))).isNull();
        assertThat(LedgerCheck.problem("REJECTED", TOTAL, ledger(auth, entry("VOID", "APPROVED", "12.50")))).isNull();
        assertThat(LedgerCheck.problem("REJECTED", TOTAL, ledger(entry("AUTHORIZE", "DECLINED", "12.50")))).isNull();
        assertThat(LedgerCheck.problem("REJECTED", TOTAL, ledger())).isNull();
    }

    @Test
    void catchesEveryDisagreement() {
        String auth = entry("AUTHORIZE", "APPROVED", "12.50");
        String capture = entry("CAPTURE", "APPROVED", "12.50");
        assertThat(LedgerCheck.problem("CONFIRMED", TOTAL, ledger(auth))).contains("one capture");
        assertThat(LedgerCheck.problem("CONFIRMED", TOTAL, ledger(auth, capture, capture))).contains("one capture");
        assertThat(LedgerCheck.problem("CONFIRMED", TOTAL, ledger(auth, entry("CAPTURE", "APPROVED", "10.00")))).contains("one capture");
        assertThat(LedgerCheck.problem("CONFIRMED", TOTAL, ledger(auth, capture, entry("REFUND", "APPROVED", "12.50")))).contains("refunded");
        assertThat(LedgerCheck.problem("CANCELLED", TOTAL, ledger(auth, capture))).contains("refunded 0");
        assertThat(LedgerCheck.problem("REJECTED", TOTAL, ledger(auth))).contains("never voided");
        assertThat(LedgerCheck.problem("REJECTED", TOTAL, ledger(auth, capture))).contains("captured");
        assertThat(LedgerCheck.problem("CONFIRMED", TOTAL, ledger(auth, auth, capture))).contains("2 approved");
        assertThat(LedgerCheck.problem("PENDING", TOTAL, ledger())).contains("still PENDING");
    }
}
