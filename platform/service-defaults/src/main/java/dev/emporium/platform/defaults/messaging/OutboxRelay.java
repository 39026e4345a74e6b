package dev.emporium.platform.defaults.messaging;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.modulith.events.IncompleteEventPublications;

/**
 * Retries the transactional outbox: Spring Modulith's event publication registry keeps every event until Kafka
 * acknowledged it; entries still incomplete after {@code olderThan} (the broker was down, the send timed out) are
 * resubmitted every {@code every}. The first attempt happens right after the commit; restarts resubmit too
 * ({@code spring.modulith.events.republish-outstanding-events-on-restart}). A resubmitted message keeps its
 * CloudEvents id, so consumers recognise a duplicate.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final ObjectProvider<IncompleteEventPublications> incomplete;
    private final Duration olderThan;
    private final Duration every;
    private ScheduledExecutorService timer;

    OutboxRelay(ObjectProvider<IncompleteEventPublications> incomplete, Duration olderThan, Duration every) {
        this.incomplete = incomplete;
        this.olderThan = olderThan;
        this.every = every;
    }

    /** One pass: resubmits what is older than the threshold. */
    public void resubmit() {
        IncompleteEventPublications publications = incomplete.getIfAvailable();
        if (publications == null) {
            return;
        }
        try {
            publications.resubmitIncompletePublicationsOlderThan(olderThan);
        } catch (RuntimeException e) {
            log.warn("Resubmitting outbox entries failed; next try in {}: {}", every, e.toString());
        }
    }

    @Override
    public synchronized void start() {
        if (timer == null && incomplete.getIfAvailable() != null) {
            timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("outbox-relay").factory());
            timer.scheduleWithFixedDelay(this::resubmit, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
