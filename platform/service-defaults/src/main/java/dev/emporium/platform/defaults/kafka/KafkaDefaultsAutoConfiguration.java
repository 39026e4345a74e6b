package dev.emporium.platform.defaults.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Kafka health for services that use Kafka: the broker answers ({@code kafka}) and the listeners' consumers have
 * joined their groups ({@code kafkaListeners}); both are in the readiness group. Reliability defaults live in
 * emporium-defaults.yml.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaAdmin.class)
@ConditionalOnBean(KafkaAdmin.class)
public class KafkaDefaultsAutoConfiguration {

    @Bean(name = "kafkaHealthIndicator")
    @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
        Map<String, Object> config = new HashMap<>(admin.getConfigurationProperties());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "health-" + config.getOrDefault(AdminClientConfig.CLIENT_ID_CONFIG, "admin"));
        return new KafkaHealthIndicator(config, Duration.ofSeconds(3));
    }

    /** Also the listener containers' customiser: Boot's listener container factory applies it to each container. */
    @Bean(name = "kafkaListenersHealthIndicator")
    @ConditionalOnMissingBean(name = "kafkaListenersHealthIndicator")
    ListenerReadiness kafkaListenersHealthIndicator(ObjectProvider<KafkaListenerEndpointRegistry> registry) {
        return new ListenerReadiness(registry);
    }
}
