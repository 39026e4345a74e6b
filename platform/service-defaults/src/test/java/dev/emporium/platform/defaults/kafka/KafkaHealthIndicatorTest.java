package dev.emporium.platform.defaults.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * A broker that answers is UP; one that does not is DOWN with the reason, logged once as a line (not a stack trace
 * per check: readiness is asked every second).
 */
@EmbeddedKafka
@ExtendWith(OutputCaptureExtension.class)
class KafkaHealthIndicatorTest {

    @Test
    void aBrokerThatAnswersIsUp(EmbeddedKafkaBroker broker) throws Exception {
        KafkaHealthIndicator kafka = indicator(broker.getBrokersAsString(), 3000, Duration.ofSeconds(3));
        try {
            Health health = kafka.health(true);
            assertThat(health.getStatus()).as(health.toString()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("nodes", 1);
        } finally {
            kafka.destroy();
        }
    }

    /** Whichever gives up first, the indicator's wait or the client's own request timeout, it is the same silence. */
    @ParameterizedTest(name = "client timeout {0} ms, indicator waits {1} ms")
    @CsvSource({"300, 2000", "5000, 500"})
    void aBrokerThatDoesNotAnswerIsDownAndSaidOnceWithoutAStackTrace(int clientTimeout, int wait, CapturedOutput output)
            throws Exception {
        KafkaHealthIndicator kafka = indicator("localhost:1", clientTimeout, Duration.ofMillis(wait));
        try {
            Health first = kafka.health(true);
            Health second = kafka.health(true);

            assertThat(first.getStatus()).isEqualTo(Status.DOWN);
            assertThat(second.getStatus()).isEqualTo(Status.DOWN);
            assertThat((String) first.getDetails().get("error")).contains("no answer");
            assertThat(output.getOut().split("Kafka unreachable", -1)).as("one line, not one per check").hasSize(2);
            // the client logs its own retries; what this class used to add was a stack trace through it on every check
            assertThat(output.getOut()).doesNotContain("Kafka health check failed")
                    .doesNotContain("at " + KafkaHealthIndicator.class.getName() + ".doHealthCheck");
        } finally {
            kafka.destroy();
        }
    }

    private static KafkaHealthIndicator indicator(String servers, int clientTimeout, Duration wait) {
        return new KafkaHealthIndicator(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, clientTimeout,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, clientTimeout), wait);
    }
}
