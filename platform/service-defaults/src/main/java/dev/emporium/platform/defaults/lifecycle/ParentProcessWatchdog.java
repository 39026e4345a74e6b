package dev.emporium.platform.defaults.lifecycle;

import java.time.Duration;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * When the launcher that started this JVM disappears (even by SIGKILL, when it cannot stop its
 * children), this service shuts itself down gracefully, so no orphan JVMs keep ports and files busy.
 * Active only when the launcher sets {@code EMPORIUM_PARENT_PID}.
 */
class ParentProcessWatchdog implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ParentProcessWatchdog.class);

    private final long parentPid;
    private final Duration interval;
    private final ConfigurableApplicationContext context;
    private volatile Thread thread;

    ParentProcessWatchdog(long parentPid, Duration interval, ConfigurableApplicationContext context) {
        this.parentPid = parentPid;
        this.interval = interval;
        this.context = context;
    }

    @Override
    public void start() {
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty()) {
            log.warn("Parent process {} is already gone; not watching it", parentPid);
            return;
        }
        thread = Thread.ofPlatform().daemon().name("parent-watchdog").start(() -> watch(parent.get()));
    }

    private void watch(ProcessHandle parent) {
        try {
            while (parent.isAlive()) {
                Thread.sleep(interval); // a poll of the OS, not a wait for async work
            }
            log.warn("Launcher process {} is gone; shutting down", parentPid);
            System.exit(SpringApplication.exit(context, () -> 0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        Thread current = thread;
        if (current != null) {
            current.interrupt();
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
