package dev.emporium.platform.defaults.kafka;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Readiness that waits for the service's Kafka consumers: OUT_OF_SERVICE until every consumer of every running
 * listener container has finished its first group join (been handed its partitions, possibly none). Until then a
 * service answers HTTP, but a command sent to it waits for its consumer group to settle: a new user's first order
 * after a fresh start once took 30 s while every probe said "up".
 * <p>
 * It counts the consumers that completed a rebalance, through a rebalance listener it adds to each container the
 * auto-configured factory creates (delegating to one already set). Once all have joined it stays UP: a later
 * rebalance (an instance added or gone) is short and the group's other members keep consuming, so it is no reason to
 * take this instance out of rotation.
 */
class ListenerReadiness extends AbstractHealthIndicator
        implements ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> {

    private final ObjectProvider<KafkaListenerEndpointRegistry> registry;
    /** Per container, the consumers that have been handed their partitions at least once. */
    private final Map<MessageListenerContainer, Set<Consumer<?, ?>>> joined = new ConcurrentHashMap<>();
    private volatile boolean ready;

    ListenerReadiness(ObjectProvider<KafkaListenerEndpointRegistry> registry) {
        super("Kafka listener readiness check failed");
        this.registry = registry;
    }

    @Override
    public void configure(ConcurrentMessageListenerContainer<Object, Object> container) {
        Set<Consumer<?, ?>> consumers = ConcurrentHashMap.newKeySet();
        joined.put(container, consumers);
        ConsumerRebalanceListener existing = container.getContainerProperties().getConsumerRebalanceListener();
        container.getContainerProperties().setConsumerRebalanceListener(new Joining(consumerAware(existing), consumers));
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (ready) {
            builder.up();
            return;
        }
        boolean all = true;
        KafkaListenerEndpointRegistry listeners = registry.getIfAvailable();
        for (MessageListenerContainer container : listeners == null ? Set.<MessageListenerContainer>of()
                : listeners.getListenerContainers()) {
            Set<Consumer<?, ?>> consumers = joined.get(container);
            if (consumers == null || !(container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent)
                    || (!container.isRunning() && !container.isAutoStartup())) {
                continue; // not built by the factory we customise, or left stopped on purpose: nothing to wait for
            }
            // a container not started yet (the web server starts before the listeners) counts as not joined
            int expected = concurrent.getConcurrency();
            builder.withDetail(container.getListenerId(), consumers.size() + "/" + expected + " consumers joined");
            all &= consumers.size() >= expected;
        }
        if (all) {
            ready = true;
            builder.up();
        } else {
            builder.outOfService();
        }
    }

    /** The listener a container already had, as a consumer-aware one (whose defaults call the plain methods). */
    private static ConsumerAwareRebalanceListener consumerAware(ConsumerRebalanceListener existing) {
        if (existing instanceof ConsumerAwareRebalanceListener aware) {
            return aware;
        }
        return existing == null ? new ConsumerAwareRebalanceListener() { } : new ConsumerAwareRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                existing.onPartitionsRevoked(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                existing.onPartitionsAssigned(partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                existing.onPartitionsLost(partitions);
            }
        };
    }

    /** Notes the consumer on each assignment and passes every callback on to the listener it replaces. */
    private record Joining(ConsumerAwareRebalanceListener delegate, Set<Consumer<?, ?>> consumers)
            implements ConsumerAwareRebalanceListener {

        @Override
        public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            delegate.onPartitionsAssigned(consumer, partitions);
            consumers.add(consumer);
        }

        @Override
        public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            delegate.onPartitionsRevokedBeforeCommit(consumer, partitions);
        }

        @Override
        public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            delegate.onPartitionsRevokedAfterCommit(consumer, partitions);
        }

        @Override
        public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            delegate.onPartitionsLost(consumer, partitions);
        }
    }
}
