package dev.emporium.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What is running: a live table on a terminal (one line per state change otherwise), and
 * {@code data/run/status.json} for tools and tests (pids, ports, states).
 */
final class StatusBoard {

    private final Console console;
    private final Path statusFile;
    private final Map<String, InstanceState> lastPrinted = new ConcurrentHashMap<>();
    private volatile List<ServiceInstance> instances = List.of();
    private volatile String kafka = "";
    private volatile boolean platformUp;
    private int drawnHeight;

    StatusBoard(Console console, Path runDir) {
        this.console = console;
        this.statusFile = runDir.resolve("status.json");
    }

    void track(List<ServiceInstance> all) {
        this.instances = all;
        write();
    }

    void kafka(String bootstrap) {
        this.kafka = bootstrap;
    }

    void platformUp(boolean up) {
        this.platformUp = up;
        write();
    }

    /** Called on every state change. */
    void changed(ServiceInstance instance) {
        InstanceState previous = lastPrinted.put(instance.id(), instance.state());
        if (!console.interactive() && previous != instance.state()) {
            console.info(line(instance).strip());
        }
        write();
    }

    /** Redraws the table in place (interactive terminals). */
    synchronized void draw() {
        if (!console.interactive()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format("  %-24s %8s %6s  %-10s %8s %9s", "INSTANCE", "PID", "PORT", "STATE", "TIME", "RESTARTS"));
        instances.forEach(i -> lines.add(line(i)));
        console.redraw(lines, drawnHeight);
        drawnHeight = lines.size();
    }

    /** After the board is final: later output goes below it. */
    synchronized void release() {
        drawnHeight = 0;
    }

    private static String line(ServiceInstance i) {
        Duration time = i.startupTime() != null ? i.startupTime()
                : i.startedAt() == null ? Duration.ZERO : Duration.between(i.startedAt(), Instant.now());
        return String.format("  %-24s %8s %6d  %-10s %7.1fs %9d", i.id(), i.pid() < 0 ? "-" : String.valueOf(i.pid()),
                i.port(), i.state(), time.toMillis() / 1000.0, i.restarts());
    }

    private synchronized void write() {
        StringBuilder json = new StringBuilder();
        json.append("{\n  \"launcherPid\": ").append(ProcessHandle.current().pid())
                .append(",\n  \"kafka\": \"").append(kafka).append('"')
                .append(",\n  \"platformUp\": ").append(platformUp)
                .append(",\n  \"instances\": [");
        List<ServiceInstance> all = instances;
        for (int n = 0; n < all.size(); n++) {
            ServiceInstance i = all.get(n);
            json.append(n == 0 ? "\n" : ",\n")
                    .append("    {\"id\": \"").append(i.id())
                    .append("\", \"service\": \"").append(i.service())
                    .append("\", \"pid\": ").append(i.pid())
                    .append(", \"port\": ").append(i.port())
                    .append(", \"state\": \"").append(i.state())
                    .append("\", \"restarts\": ").append(i.restarts()).append('}');
        }
        json.append("\n  ]\n}\n");
        try {
            Files.createDirectories(statusFile.getParent());
            Path tmp = statusFile.resolveSibling("status.json.tmp");
            Files.writeString(tmp, json);
            Files.move(tmp, statusFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the status file is a convenience; the platform runs without it
        }
    }

    /** Resident memory of the given processes in bytes, from /proc (Linux); -1 elsewhere. */
    static long residentBytes(List<Long> pids) {
        long total = 0;
        for (long pid : pids) {
            Path status = Path.of("/proc", String.valueOf(pid), "status");
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmRSS:")) {
                        total += Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            } catch (IOException | NumberFormatException e) {
                return -1;
            }
        }
        return total;
    }
}
