package dev.emporium.chaos;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;

/**
 * What the card processor's ledger must hold for an order in a given state (architecture: "our payments agree with
 * the processor's ledger"): CONFIRMED — one capture of the total, nothing refunded or voided; CANCELLED — one
 * capture of the total, refunded in full; REJECTED — nothing captured, and an approved authorization voided. Never
 * more than one approved authorization.
 */
final class LedgerCheck {

    private LedgerCheck() {
    }

    /** Null when the ledger agrees, else what is wrong. */
    static String problem(String status, BigDecimal total, String ledgerJson) {
        List<Map<String, Object>> entries = JsonPath.read(ledgerJson, "$");
        long authorizations = entries.stream().filter(e -> is(e, "AUTHORIZE") && "APPROVED".equals(e.get("outcome"))).count();
        List<BigDecimal> captures = amounts(entries, "CAPTURE");
        List<BigDecimal> refunds = amounts(entries, "REFUND");
        long voids = entries.stream().filter(e -> is(e, "VOID")).count();
        BigDecimal refunded = refunds.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        if (authorizations > 1) {
            return authorizations + " approved authorizations";
        }
        return switch (status) {
            case "CONFIRMED" -> captures.size() != 1 || captures.getFirst().compareTo(total) != 0
                    ? "expected one capture of " + total + ", got " + captures
                    : !refunds.isEmpty() || voids > 0 ? "a confirmed order was refunded or voided" : null;
            case "CANCELLED" -> captures.size() != 1 || captures.getFirst().compareTo(total) != 0
                    ? "expected one capture of " + total + ", got " + captures
                    : refunded.compareTo(total) != 0 ? "refunded " + refunded + " of " + total : null;
            case "REJECTED" -> !captures.isEmpty() ? "a rejected order was captured"
                    : authorizations == 1 && voids == 0 ? "an approved authorization was never voided" : null;
            default -> "order still " + status;
        };
    }

    private static boolean is(Map<String, Object> entry, String type) {
        return type.equals(entry.get("type"));
    }

    private static List<BigDecimal> amounts(List<Map<String, Object>> entries, String type) {
        return entries.stream().filter(e -> is(e, type) && !"DECLINED".equals(e.get("outcome")))
                .map(e -> new BigDecimal(String.valueOf(e.get("amount")))).toList();
    }
}
