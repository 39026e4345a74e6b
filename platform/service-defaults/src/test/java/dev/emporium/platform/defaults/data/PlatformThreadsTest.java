package dev.emporium.platform.defaults.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Why the services run on platform threads (docs/decisions/0014-platform-threads-on-h2.md): H2 makes a transaction
 * that waits for a row lock spin, not sleep, while the transaction holding the row has rolled back one of its
 * statements (a duplicate key, a savepoint released by a shortage). Virtual threads are not preempted, so two such
 * waiters on two cores hold both carrier threads and the holder, itself a virtual thread, never runs again to end its
 * transaction: the service livelocks. The chaos suite met it (product-service restarted into it twice, its two
 * carriers at 100 % CPU for four minutes, never ready). Platform threads are preempted, so the holder finishes and the
 * spin lasts as long as its transaction.
 */
class PlatformThreadsTest {

    private static final Duration HELD = Duration.ofMillis(1000);

    @Test
    void aRowLockWaitSpinsWhileTheHolderHasRolledBackAStatement() throws Exception {
        assertThat(cpuOfWaiting(true)).as("CPU the waiter used while the row was held %s", HELD)
                .isGreaterThan(HELD.dividedBy(4));
    }

    @Test
    void aRowLockWaitSleepsWhenTheHolderHasNot() throws Exception {
        assertThat(cpuOfWaiting(false)).as("CPU the waiter used while the row was held %s", HELD)
                .isLessThan(HELD.dividedBy(10));
    }

    @Test
    void theServiceDefaultsChoosePlatformThreads(@TempDir Path data) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE).properties("spring.application.name=any-service", "EMPORIUM_DATA_DIR=" + data,
                        "eureka.client.register-with-eureka=false", "eureka.client.fetch-registry=false")
                .run()) {
            assertThat(Threading.VIRTUAL.isActive(context.getEnvironment())).isFalse();
            assertThat(context.getEnvironment().getProperty("spring.task.scheduling.pool.size")).isEqualTo("2");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
    }

    /** A row held for {@link #HELD} by a transaction that may have failed a statement: the CPU its waiter burns. */
    private static Duration cpuOfWaiting(boolean holderFailedAStatement) throws Exception {
        String url = "jdbc:h2:mem:lock-wait-" + UUID.randomUUID() + ";LOCK_TIMEOUT=10000;DB_CLOSE_DELAY=-1";
        try (Connection setup = DriverManager.getConnection(url); Connection holder = DriverManager.getConnection(url);
                Connection waiter = DriverManager.getConnection(url)) {
            setup.createStatement().execute("create table item (id int primary key, n int)");
            setup.createStatement().execute("insert into item values (1, 0), (2, 0)");
            holder.setAutoCommit(false);
            holder.createStatement().executeUpdate("update item set n = n + 1 where id = 1");
            if (holderFailedAStatement) {
                assertThatThrownBy(() -> holder.createStatement().executeUpdate("insert into item values (2, 0)"))
                        .as("a duplicate key: the statement is undone, the transaction goes on").isInstanceOf(SQLException.class);
            }
            waiter.setAutoCommit(false);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            AtomicLong cpuNanos = new AtomicLong(-1);
            Thread waiting = Thread.ofPlatform().start(() -> {
                long start = threads.getCurrentThreadCpuTime();
                try {
                    waiter.createStatement().executeUpdate("update item set n = n + 1 where id = 1");
                    cpuNanos.set(threads.getCurrentThreadCpuTime() - start);
                    waiter.commit();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            await("the waiter in H2's lock wait").atMost(Duration.ofSeconds(10)).until(() -> Arrays.stream(waiting.getStackTrace())
                    .anyMatch(frame -> frame.getMethodName().startsWith("waitFor")));
            Thread.sleep(HELD); // not a wait for a condition: how long the row is held is what the test measures over
            holder.commit();
            waiting.join(Duration.ofSeconds(10));
            assertThat(cpuNanos.get()).as("the waiter got the row once the holder committed").isNotNegative();
            return Duration.ofNanos(cpuNanos.get());
        }
    }
}
