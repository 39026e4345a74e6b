package dev.emporium.platform.defaults.messaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.modulith.events.EventPublication;
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.modulith.events.core.PublicationTargetIdentifier;
import org.springframework.modulith.events.core.TargetEventPublication;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Spring Modulith's outbox repository, with its bookkeeping batched. Modulith writes twice per message after the
 * transaction that stored it: {@code markProcessing} before the send and {@code markCompleted} (a delete, in our
 * completion mode) once Kafka acknowledged it, each in a transaction of its own; the profile of the checkout showed
 * those two commits at 9–15 % of every publishing service's CPU, and the completion runs on the Kafka producer's I/O
 * thread. Here completions are queued and applied by one thread, up to {@value #BATCH} in one transaction, and
 * {@code markProcessing} is skipped (nothing of ours reads the PROCESSING status; resubmission looks at the
 * completion date).
 * <p>
 * Delivery stays at least once: a completion lost to a crash before its batch commits leaves the entry incomplete,
 * so it is sent again (by {@link OutboxRelay} or at restart) and the consumer's {@link Inbox} recognises the copy by
 * its CloudEvents id — the same as a crash between Kafka's acknowledgement and the completion, which could always
 * happen. A closing context applies what is queued. Every other call goes straight to Modulith's repository.
 */
public class BatchedOutboxCompletion implements EventPublicationRepository, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BatchedOutboxCompletion.class);

    /** Completions applied in one transaction at most. */
    static final int BATCH = 500;

    private final EventPublicationRepository delegate;
    private final ObjectProvider<PlatformTransactionManager> transactions;
    private final ObjectProvider<MeterRegistry> meters;
    private final BlockingQueue<Completion> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private volatile boolean closing;
    private Counter batches;

    record Completion(UUID id, Instant at) {
    }

    BatchedOutboxCompletion(EventPublicationRepository delegate, ObjectProvider<PlatformTransactionManager> transactions,
            ObjectProvider<MeterRegistry> meters) {
        this.delegate = delegate;
        this.transactions = transactions;
        this.meters = meters;
        this.worker = Thread.ofPlatform().daemon().name("outbox-completion").unstarted(this::run);
    }

    @Override
    public void markCompleted(UUID identifier, Instant completionDate) {
        if (closing) {
            delegate.markCompleted(identifier, completionDate);
            return;
        }
        startWorker();
        queue.add(new Completion(identifier, completionDate));
    }

    @Override
    public void markCompleted(TargetEventPublication publication, Instant completionDate) {
        markCompleted(publication.getIdentifier(), completionDate);
    }

    /** Skipped: the status is not read by anything of ours, and the write cost a commit per message. */
    @Override
    public void markProcessing(UUID identifier) {
    }

    /** Applies every queued completion now (at shutdown); returns how many. */
    private int flush() {
        int applied = 0;
        List<Completion> batch = new ArrayList<>();
        while (queue.drainTo(batch, BATCH) > 0) {
            apply(batch);
            applied += batch.size();
            batch.clear();
        }
        return applied;
    }

    private synchronized void startWorker() {
        if (worker.getState() == Thread.State.NEW) {
            worker.start();
        }
    }

    private void run() {
        List<Completion> batch = new ArrayList<>();
        while (!closing) {
            try {
                Completion first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                apply(batch);
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // left incomplete: the relay sends these again, consumers drop the copies
                log.warn("Could not mark {} outbox entries completed; they will be sent again: {}", batch.size(), e.toString());
            } finally {
                batch.clear();
            }
        }
    }

    private void apply(List<Completion> batch) {
        PlatformTransactionManager manager = transactions.getIfAvailable();
        if (manager == null) {
            batch.forEach(c -> delegate.markCompleted(c.id(), c.at()));
        } else {
            new TransactionTemplate(manager).executeWithoutResult(status ->
                    batch.forEach(c -> delegate.markCompleted(c.id(), c.at())));
        }
        if (batches == null) {
            MeterRegistry registry = meters.getIfAvailable();
            batches = registry == null ? null : Counter.builder("emporium.outbox.completion.batches")
                    .description("Transactions that marked outbox entries completed").register(registry);
        }
        if (batches != null) {
            batches.increment();
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        closing = true;
        worker.interrupt();
        if (worker.getState() != Thread.State.NEW) {
            worker.join(5_000);
        }
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Outbox completions left at shutdown ({}): they will be sent again after the restart", e.toString());
        }
    }

    // ---- everything else: Modulith's own repository ----------------------------------------------------------

    @Override
    public TargetEventPublication create(TargetEventPublication publication) {
        return delegate.create(publication);
    }

    @Override
    public void markCompleted(Object event, PublicationTargetIdentifier identifier, Instant completionDate) {
        delegate.markCompleted(event, identifier, completionDate);
    }

    @Override
    public void markFailed(UUID identifier) {
        delegate.markFailed(identifier);
    }

    @Override
    public boolean markResubmitted(UUID identifier, Instant resubmissionDate) {
        return delegate.markResubmitted(identifier, resubmissionDate);
    }

    @Override
    public List<TargetEventPublication> findIncompletePublications() {
        return delegate.findIncompletePublications();
    }

    @Override
    public List<TargetEventPublication> findIncompletePublicationsPublishedBefore(Instant instant) {
        return delegate.findIncompletePublicationsPublishedBefore(instant);
    }

    @Override
    public Optional<TargetEventPublication> findIncompletePublicationsByEventAndTargetIdentifier(Object event,
            PublicationTargetIdentifier targetIdentifier) {
        return delegate.findIncompletePublicationsByEventAndTargetIdentifier(event, targetIdentifier);
    }

    @Override
    public List<TargetEventPublication> findCompletedPublications() {
        return delegate.findCompletedPublications();
    }

    @Override
    public void deletePublications(List<UUID> identifiers) {
        delegate.deletePublications(identifiers);
    }

    @Override
    public void deleteCompletedPublications() {
        delegate.deleteCompletedPublications();
    }

    @Override
    public void deleteCompletedPublicationsBefore(Instant instant) {
        delegate.deleteCompletedPublicationsBefore(instant);
    }

    @Override
    public List<TargetEventPublication> findFailedPublications(FailedCriteria criteria) {
        return delegate.findFailedPublications(criteria);
    }

    @Override
    public List<TargetEventPublication> findByStatus(EventPublication.Status status) {
        return delegate.findByStatus(status);
    }

    @Override
    public int countByStatus(EventPublication.Status status) {
        return delegate.countByStatus(status);
    }
}
