package dev.emporium.platform.defaults.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

class BatchedOutboxCompletionTest {

    /** What reached Modulith's repository: "method:id", with the number of the transaction it ran in. */
    final List<String> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger commits = new AtomicInteger();
    final AtomicBoolean failing = new AtomicBoolean();
    final AtomicInteger failures = new AtomicInteger();
    final AtomicBoolean hanging = new AtomicBoolean();
    java.util.concurrent.CountDownLatch stuck = new java.util.concurrent.CountDownLatch(0);

    final EventPublicationRepository modulith = (EventPublicationRepository) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {EventPublicationRepository.class}, (proxy, method, args) -> {
                if (failing.get()) {
                    failures.incrementAndGet();
                    throw new IllegalStateException("database down");
                }
                if (stuck.getCount() > 0 && !Thread.currentThread().getName().equals("main")) {
                    hanging.set(true);
                    stuck.await(); // the worker hangs in a slow commit until interrupted
                }
                calls.add(method.getName() + ":" + args[0] + "@tx" + (commits.get() + 1));
                return null;
            });

    final PlatformTransactionManager transactions = new AbstractPlatformTransactionManager() {
        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            commits.incrementAndGet();
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
        }
    };

    BatchedOutboxCompletion repository() {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("transactions", transactions);
        return new BatchedOutboxCompletion(modulith, beans.getBeanProvider(PlatformTransactionManager.class),
                beans.getBeanProvider(MeterRegistry.class));
    }

    @Test
    void appliesCompletionsInFewTransactionsOffTheCallersThread() throws Exception {
        BatchedOutboxCompletion repository = repository();
        List<UUID> ids = IntStream.range(0, 300).mapToObj(i -> UUID.randomUUID()).toList();
        stuck = new java.util.concurrent.CountDownLatch(1);
        repository.markCompleted(ids.getFirst(), Instant.now()); // the worker takes the first and is held in its commit
        await().atMost(Duration.ofSeconds(10)).untilTrue(hanging);
        ids.stream().skip(1).forEach(id -> repository.markCompleted(id, Instant.now())); // queued behind it
        stuck.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() == ids.size());
        assertThat(calls).extracting(call -> call.substring(0, call.indexOf('@')))
                .containsExactlyElementsOf(ids.stream().map(id -> "markCompleted:" + id).toList());
        assertThat(commits.get()).as("transactions for 300 completions: the first, then the 299 queued behind it")
                .isEqualTo(2);
        repository.destroy();
    }

    @Test
    void doesNotWriteTheProcessingStatus() throws Exception {
        BatchedOutboxCompletion repository = repository();
        repository.markProcessing(UUID.randomUUID());
        assertThat(calls).isEmpty();
        repository.destroy();
    }

    @Test
    void appliesWhatIsQueuedWhenTheContextCloses() throws Exception {
        BatchedOutboxCompletion repository = repository();
        stuck = new java.util.concurrent.CountDownLatch(1);
        repository.markCompleted(UUID.randomUUID(), Instant.now()); // the worker takes it and hangs
        await().atMost(Duration.ofSeconds(10)).untilTrue(hanging);
        UUID queued = UUID.randomUUID();
        repository.markCompleted(queued, Instant.now());
        assertThat(calls).isEmpty();

        repository.destroy();
        assertThat(calls).containsExactly("markCompleted:" + queued + "@tx1");
        UUID late = UUID.randomUUID();
        repository.markCompleted(late, Instant.now()); // after close: applied at once
        assertThat(calls).hasSize(2).last().asString().startsWith("markCompleted:" + late);
    }

    @Test
    void keepsWorkingAfterABatchFails() throws Exception {
        BatchedOutboxCompletion repository = repository();
        failing.set(true);
        repository.markCompleted(UUID.randomUUID(), Instant.now()); // lost: left incomplete, the relay sends it again
        await().atMost(Duration.ofSeconds(10)).until(() -> failures.get() > 0);
        failing.set(false);
        UUID next = UUID.randomUUID();
        repository.markCompleted(next, Instant.now());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> calls.stream().anyMatch(call -> call.startsWith("markCompleted:" + next)));
        repository.destroy();
    }

    @Test
    void passesEverythingElseToModulith() throws Exception {
        BatchedOutboxCompletion repository = repository();
        UUID id = UUID.randomUUID();
        repository.markFailed(id);
        repository.deletePublications(List.of(id));
        assertThat(calls).containsExactly("markFailed:" + id + "@tx1", "deletePublications:[" + id + "]@tx1");
        repository.destroy();
    }
}
