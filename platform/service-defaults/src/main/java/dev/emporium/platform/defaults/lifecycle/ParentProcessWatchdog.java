package dev.emporium.platform.defaults.lifecycle;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * When the launcher that started this JVM disappears (even by SIGKILL, when it cannot stop its
 * children), this service shuts itself down gracefully, so no orphan JVMs keep ports and files busy.
 * Active only when the launcher sets {@code EMPORIUM_PARENT_PID}; the JDK tells us when that process exits.
 */
class ParentProcessWatchdog implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ParentProcessWatchdog.class);

    private final long parentPid;
    private final ConfigurableApplicationContext context;
    private volatile CompletableFuture<Void> watch;
    private volatile boolean active;

    ParentProcessWatchdog(long parentPid, ConfigurableApplicationContext context) {
        this.parentPid = parentPid;
        this.context = context;
    }

    @Override
    public void start() {
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty()) {
            log.warn("Parent process {} is already gone; not watching it", parentPid);
            return;
        }
        active = true;
        watch = parent.get().onExit().thenRun(() -> {
            if (active) {
                log.warn("Launcher process {} is gone; shutting down", parentPid);
                System.exit(SpringApplication.exit(context, () -> 0));
            }
        });
    }

    @Override
    public void stop() {
        active = false;
        CompletableFuture<Void> current = watch;
        watch = null;
        if (current != null) {
            current.cancel(false);
        }
    }

    @Override
    public boolean isRunning() {
        return active;
    }
}
