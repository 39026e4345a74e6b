package dev.emporium.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A thread dump of an instance about to be killed for not getting ready, taken with the JDK's {@code jcmd} into the
 * logs directory: a start that hangs (a consumer stuck in its first batch, a lock never released) then explains
 * itself after the restart that hides it.
 */
final class ThreadDumps {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private ThreadDumps() {
    }

    /** The file written ({@code <id>-threads-<time>.txt} in {@code logs}), or empty when the JDK has no jcmd or it failed. */
    static Optional<Path> take(long pid, String id, Path logs) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return Optional.empty();
        }
        try {
            Files.createDirectories(logs);
            Path file = logs.resolve(id + "-threads-" + STAMP.format(Instant.now()) + ".txt");
            Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "Thread.print", "-l")
                    .redirectErrorStream(true).redirectOutput(file.toFile()).start();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return process.exitValue() == 0 ? Optional.of(file) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
