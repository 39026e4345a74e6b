package dev.emporium.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class OpsMetricsParseTest {

    @Test
    void keepsTheConsolesFamiliesWithTheirLabels() {
        OpsMetricsController.Sample sample = OpsMetricsController.parse("order-service", "order-service-1",
                "emporium_orders_completed_total{application=\"order-service\",instance=\"order-service-1\",outcome=\"rejected\",reason=\"PAYMENT_DECLINED\"} 3.0");
        assertThat(sample).isEqualTo(new OpsMetricsController.Sample("order-service", "order-service-1",
                "emporium_orders_completed_total", Map.of("outcome", "rejected", "reason", "PAYMENT_DECLINED"), 3.0));
        assertThat(OpsMetricsController.parse("s", "i", "emporium_outbox_pending{application=\"s\"} 0.0").value()).isZero();
    }

    @Test
    void keepsTheSignsOfAStuckCheckout() {
        assertThat(OpsMetricsController.parse("order-service", "o-1",
                "emporium_sagas_overdue{application=\"order-service\",instance=\"o-1\"} 2.0"))
                .isEqualTo(new OpsMetricsController.Sample("order-service", "o-1", "emporium_sagas_overdue", Map.of(), 2.0));
        assertThat(OpsMetricsController.parse("order-service", "o-1", "emporium_sagas_active{application=\"order-service\"} 5.0")
                .value()).isEqualTo(5.0);
        assertThat(OpsMetricsController.parse("payment-service", "p-1",
                "emporium_payments_intents_pending{application=\"payment-service\"} 1.0").name())
                .isEqualTo("emporium_payments_intents_pending");
        assertThat(OpsMetricsController.parse("payment-service", "p-1",
                "emporium_payments_reconciled_total{application=\"payment-service\",intent=\"refund\",outcome=\"finished\"} 3.0")
                .labels()).isEqualTo(Map.of("intent", "refund", "outcome", "finished"));
        assertThat(OpsMetricsController.parse("product-service", "pr-1",
                "emporium_stock_reservations_stale{application=\"product-service\"} 0.0").value()).isZero();
    }

    @Test
    void dropsEverythingElse() {
        assertThat(OpsMetricsController.parse("s", "i", "# HELP emporium_orders_placed_total Orders")).isNull();
        assertThat(OpsMetricsController.parse("s", "i", "jvm_memory_used_bytes{area=\"heap\"} 1.0E7")).isNull();
        assertThat(OpsMetricsController.parse("s", "i", "emporium_outbox_pending{application=\"s\"} NaN")).isNull();
    }
}
