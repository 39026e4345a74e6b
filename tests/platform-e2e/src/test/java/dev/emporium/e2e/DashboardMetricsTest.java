package dev.emporium.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class DashboardMetricsTest {

    @Test
    void findsMetricNamesButNotFunctionsLabelsOrValues() {
        assertThat(DashboardMetrics.in("histogram_quantile(0.99, sum by (le, http_method) (rate("
                + "emporium_checkout_duration_seconds_bucket{outcome=\"confirmed\",error_kind!~\"a_b\"}[5m]))) > 2"))
                .containsExactly("emporium_checkout_duration_seconds_bucket");
        assertThat(DashboardMetrics.in("sum(increase(emporium_orders_placed_total[15m])) - "
                + "max by (application) (jvm_memory_used_bytes{application=~\"$application\"})"))
                .containsExactly("emporium_orders_placed_total", "jvm_memory_used_bytes");
    }

    @Test
    void readsEveryDashboardAndAlert() throws Exception {
        Path deploy = Path.of(System.getProperty("emporium.home", "../..")).toAbsolutePath().normalize().resolve("deploy");
        assertThat(DashboardMetrics.used(deploy)).contains("http_server_requests_seconds_count",
                "emporium_outbox_oldest_age_seconds", "kafka_consumer_fetch_manager_records_lag_max", "jvm_gc_pause_seconds_sum")
                .allSatisfy(name -> assertThat(name).doesNotContain("(").doesNotStartWith("$"));
    }
}
