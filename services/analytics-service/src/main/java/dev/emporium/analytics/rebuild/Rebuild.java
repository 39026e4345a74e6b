package dev.emporium.analytics.rebuild;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.emporium.analytics.figures.AnalyticsProperties;
import dev.emporium.analytics.stream.AnalyticsTopology;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * {@code EMPORIUM_ANALYTICS_REBUILD=true}: before the streams start, the application is reset as Kafka's
 * {@code kafka-streams-application-reset.sh --to-earliest --force} does: members removed from its group, the group's
 * committed offsets deleted (the streams then start every input topic from the beginning), and its internal topics
 * (changelogs, repartition topics) deleted. The figures are computed again from every event the topics hold and,
 * being a function of the events alone, come out the same.
 *
 * <p>By hand rather than with {@code StreamsResetter} itself: that class lives in {@code kafka-tools}, which brings
 * the broker, Kafka Connect's runtime, Jersey, Jetty and log4j onto the service's classpath (Jersey alone changes
 * how the Eureka client talks). The reset is three Admin calls (ADR 11).
 */
@Component
@ConditionalOnBooleanProperty("emporium.analytics.rebuild")
public class Rebuild implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(Rebuild.class);

    private final Map<String, Object> adminConfig;
    private final String applicationId;
    private final Duration timeout;

    /** {@code kafka}: Spring Boot's admin settings, login and trust store included (a cluster's SASL_SSL). */
    Rebuild(KafkaAdmin kafka, @Value("${spring.kafka.streams.application-id}") String applicationId,
            AnalyticsProperties properties) {
        this.adminConfig = kafka.getConfigurationProperties();
        this.applicationId = applicationId;
        this.timeout = properties.rebuildTimeout();
    }

    @Override
    public void afterPropertiesSet() throws Exception {
        log.warn("EMPORIUM_ANALYTICS_REBUILD: resetting {} to replay {} from offset 0", applicationId,
                AnalyticsTopology.INPUTS);
        List<String> deleted = reset(adminConfig, applicationId, timeout);
        log.warn("Reset done (internal topics deleted: {}); the figures are being rebuilt and /api/analytics answers "
                + "503 until the stores are ready", deleted);
    }

    /**
     * Resets the application; no instance of it may be running. Returns the internal topics it deleted.
     *
     * @throws TimeoutException when the broker did not finish within the timeout
     */
    public static List<String> reset(String bootstrapServers, String applicationId, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        return reset(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), applicationId, timeout);
    }

    /** The same, with an admin client of this configuration. */
    public static List<String> reset(Map<String, Object> adminConfig, String applicationId, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(adminConfig)) {
            ConsumerGroupDescription group = group(admin, applicationId, deadline);
            if (group != null && !group.members().isEmpty()) {
                admin.removeMembersFromConsumerGroup(applicationId, new RemoveMembersFromConsumerGroupOptions())
                        .all().get(left(deadline), TimeUnit.NANOSECONDS);
            }
            if (group != null) {
                try {
                    admin.deleteConsumerGroups(List.of(applicationId)).all().get(left(deadline), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    if (!causedBy(e, GroupIdNotFoundException.class)) {
                        throw e;
                    }
                }
            }
            List<String> internal = internalTopics(admin, applicationId, deadline);
            try {
                admin.deleteTopics(internal).all().get(left(deadline), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                if (!causedBy(e, UnknownTopicOrPartitionException.class)) {
                    throw e;
                }
            }
            // the streams recreate them at start; they must be gone first, or the new ones would be refused
            RetryTemplate untilGone = new RetryTemplate(RetryPolicy.builder().maxRetries(Long.MAX_VALUE)
                    .delay(Duration.ofMillis(100)).timeout(Duration.ofNanos(left(deadline))).build());
            try {
                untilGone.execute(() -> {
                    List<String> still = internalTopics(admin, applicationId, deadline);
                    if (!still.isEmpty()) {
                        throw new IllegalStateException("still there: " + still);
                    }
                    return still;
                });
            } catch (RetryException e) {
                throw new TimeoutException("The internal topics of " + applicationId + " are not gone: "
                        + e.getLastException().getMessage());
            }
            return internal;
        }
    }

    /** The application's group, or null when the broker does not know it (never started, or already reset). */
    private static ConsumerGroupDescription group(Admin admin, String applicationId, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(applicationId)).all()
                    .get(left(deadline), TimeUnit.NANOSECONDS).get(applicationId);
            return group == null || group.groupState() == GroupState.DEAD ? null : group;
        } catch (ExecutionException e) {
            if (causedBy(e, GroupIdNotFoundException.class)) {
                return null;
            }
            throw e;
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> internalTopics(Admin admin, String applicationId, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> names = admin.listTopics().names().get(left(deadline), TimeUnit.NANOSECONDS);
        return names.stream().filter(name -> name.startsWith(applicationId + "-")
                && (name.endsWith("-changelog") || name.endsWith("-repartition"))).sorted().toList();
    }

    private static long left(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }
}
