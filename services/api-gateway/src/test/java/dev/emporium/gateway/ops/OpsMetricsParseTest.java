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
    void dropsEverythingElse() {
        assertThat(OpsMetricsController.parse("s", "i", "# HELP emporium_orders_placed_total Orders")).isNull();
        assertThat(OpsMetricsController.parse("s", "i", "jvm_memory_used_bytes{area=\"heap\"} 1.0E7")).isNull();
        assertThat(OpsMetricsController.parse("s", "i", "emporium_outbox_pending{application=\"s\"} NaN")).isNull();
    }
}
