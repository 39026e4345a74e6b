package dev.emporium.platform.defaults.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.stereotype.Component;

/**
 * Readiness waits until every consumer has joined its group. The broker here delays a new group's first rebalance by
 * three seconds (as a busy broker or a slow start can), so right after start-up the three consumers of a one-partition
 * topic have not joined and the service is OUT_OF_SERVICE; once all three have been handed their partitions (two of
 * them none) it is UP.
 */
@SpringBootTest(properties = {
        "eureka.client.enabled=false", "spring.main.web-application-type=none",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "spring.kafka.listener.concurrency=3"})
@EmbeddedKafka(partitions = 1, topics = ListenerReadinessTest.TOPIC,
        brokerProperties = "group.initial.rebalance.delay.ms=3000")
class ListenerReadinessTest {

    static final String TOPIC = "readiness-test";

    @Autowired
    @Qualifier("kafkaListenersHealthIndicator")
    HealthIndicator readiness;

    @Test
    void isOutOfServiceUntilEveryConsumerHasJoinedItsGroup() {
        Health starting = readiness.health(true);
        assertThat(starting.getStatus()).as(starting.toString()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(starting.getDetails()).containsEntry("readiness-listener", "0/3 consumers joined");

        await().atMost(Duration.ofSeconds(30)).until(() -> readiness.health(true).getStatus().equals(Status.UP));
        assertThat(readiness.health(true).getDetails()).as("stays up without counting again").isEqualTo(Map.of());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Listener.class)
    static class App {
    }

    @Component
    static class Listener {

        @KafkaListener(id = "readiness-listener", topics = TOPIC, groupId = "readiness-test")
        void on(String value) {
        }
    }
}
