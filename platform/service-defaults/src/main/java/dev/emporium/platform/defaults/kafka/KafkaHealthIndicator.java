package dev.emporium.platform.defaults.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * UP when the broker answers a cluster description within the timeout. Part of the readiness group, so
 * an instance that cannot reach Kafka is taken out of rotation but not restarted (liveness ignores it).
 * <p>
 * A broker that does not answer is an expected state (it starts beside the services, it restarts), not an error in
 * this code: DOWN with the reason as a detail, and one line in the log when it goes away and one when it is back —
 * not a stack trace on every check (readiness is asked every second).
 */
class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(KafkaHealthIndicator.class);

    private final Map<String, Object> adminConfig;
    private final Duration timeout;
    private volatile AdminClient client;
    /** Whether the last check found the broker unreachable, to log changes only. */
    private volatile boolean unreachable;

    KafkaHealthIndicator(Map<String, Object> adminConfig, Duration timeout) {
        super("Kafka health check failed");
        this.adminConfig = adminConfig;
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        DescribeClusterResult cluster = client().describeCluster(
                new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
        try {
            String clusterId = cluster.clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            int nodes = cluster.nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            if (unreachable) {
                unreachable = false;
                log.info("Kafka answers again (cluster {})", clusterId);
            }
            builder.up().withDetail("clusterId", clusterId).withDetail("nodes", nodes);
        } catch (TimeoutException | ExecutionException noAnswer) {
            // the wait here or the client's own request timeout, whichever ends first: the same silence
            boolean silence = noAnswer instanceof TimeoutException
                    || noAnswer.getCause() instanceof org.apache.kafka.common.errors.TimeoutException;
            String reason = silence ? "no answer to a cluster description within " + timeout.toMillis() + " ms"
                    : String.valueOf(noAnswer.getCause());
            if (!unreachable) {
                unreachable = true;
                log.warn("Kafka unreachable ({}): out of rotation until it answers", reason);
            }
            builder.down().withDetail("error", reason);
        }
    }

    private AdminClient client() {
        AdminClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = AdminClient.create(adminConfig);
                }
                current = client;
            }
        }
        return current;
    }

    @Override
    public void destroy() {
        AdminClient current = client;
        if (current != null) {
            current.close(Duration.ofSeconds(2));
        }
    }
}
