package dev.emporium.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One child JVM running one instance of a service: started with its own port and environment, its
 * output copied to the merged console and to {@code data/logs/<instance>.log}, its state tracked.
 */
final class ServiceInstance {

    /** How long the launcher waits, once an instance has exited, for the rest of its output to reach its log. */
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(10);

    private final String service;
    private final int index;
    private final int port;
    private final List<Integer> healthPorts;
    private final int colorIndex;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path logFile;
    private final Console console;

    private volatile Process process;
    private volatile Thread pump;
    private volatile InstanceState state = InstanceState.STOPPED;
    private volatile Instant startedAt;
    private volatile Duration startupTime;
    private volatile int restarts;
    private volatile Integer lastExitCode;

    ServiceInstance(String service, int index, int port, List<Integer> healthPorts, int colorIndex, List<String> command,
            Map<String, String> environment, Path logFile, Console console) {
        this.service = service;
        this.index = index;
        this.port = port;
        this.healthPorts = List.copyOf(healthPorts);
        this.colorIndex = colorIndex;
        this.command = command;
        this.environment = environment;
        this.logFile = logFile;
        this.console = console;
    }

    synchronized void start() throws IOException {
        Files.createDirectories(logFile.getParent());
        // in the data dir, not the checkout: Spring Boot reads ./config/application.yml of its working directory by
        // itself, and the checkout's config/ must reach a service through the config server only
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .directory(logFile.getParent().getParent().toFile());
        builder.environment().putAll(environment);
        startedAt = Instant.now();
        startupTime = null;
        state = InstanceState.STARTING;
        process = builder.start();
        Process started = process;
        pump = Thread.ofVirtual().name("pump-" + id()).start(() -> pump(started));
    }

    private void pump(Process child) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
             Writer file = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                     StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            String line;
            while ((line = reader.readLine()) != null) {
                console.serviceLine(id(), colorIndex, line);
                file.write(line);
                file.write('\n');
                file.flush();
            }
        } catch (IOException e) {
            // the process is gone; its exit is handled by the supervisor
        }
    }

    void markUp() {
        if (state == InstanceState.STARTING) {
            startupTime = Duration.between(startedAt, Instant.now());
            state = InstanceState.UP;
        }
    }

    void markCrashed(int exitCode) {
        lastExitCode = exitCode;
        state = InstanceState.CRASHED;
    }

    void markRestarting() {
        restarts++;
        state = InstanceState.RESTARTING;
    }

    /** SIGTERM; the service shuts down gracefully (it finishes requests in flight). */
    void requestStop() {
        Process current = process;
        state = InstanceState.STOPPING;
        if (current != null && current.isAlive()) {
            // through the handle: Process.destroy() also closes the pipes, and the service's shutdown log would be lost
            current.toHandle().destroy();
        }
    }

    /** Waits for the process to end; SIGKILLs it and anything it started when it does not in time. */
    void awaitStop(Duration grace) {
        Process current = process;
        if (current == null) {
            state = InstanceState.STOPPED;
            return;
        }
        try {
            if (!current.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                console.error(id() + " did not stop within " + grace.toSeconds() + " s; killing it");
                List<ProcessHandle> family = new ArrayList<>(current.descendants().toList());
                current.destroyForcibly();
                family.forEach(ProcessHandle::destroyForcibly);
                current.waitFor(5, TimeUnit.SECONDS);
            }
            awaitOutput(OUTPUT_DRAIN);
        } catch (InterruptedException e) {
            current.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        state = InstanceState.STOPPED;
    }

    /** Waits until the instance's last lines (its shutdown) are in its log file, so the launcher does not exit first. */
    private void awaitOutput(Duration atMost) throws InterruptedException {
        Thread current = pump;
        if (current != null) {
            current.join(atMost);
        }
    }

    String id() {
        return service + "-" + index;
    }

    String service() {
        return service;
    }

    int port() {
        return port;
    }

    /** Where readiness is asked: the service's (management) port; for the monolith, every module's. */
    List<Integer> healthPorts() {
        return healthPorts;
    }

    Process process() {
        return process;
    }

    long pid() {
        Process current = process;
        return current == null ? -1 : current.pid();
    }

    InstanceState state() {
        return state;
    }

    Instant startedAt() {
        return startedAt;
    }

    Duration startupTime() {
        return startupTime;
    }

    int restarts() {
        return restarts;
    }

    Integer lastExitCode() {
        return lastExitCode;
    }
}
