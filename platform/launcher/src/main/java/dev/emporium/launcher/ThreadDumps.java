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
 *
 * <p>Two files: {@code Thread.print} (platform threads with their locks and CPU time, which shows a carrier thread
 * that spins) and {@code Thread.dump_to_file} ({@code -all.txt}: every virtual thread too, which
 * {@code Thread.print} leaves out unless it is mounted at that moment).
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
            String stamp = STAMP.format(Instant.now());
            Path file = logs.resolve(id + "-threads-" + stamp + ".txt");
            boolean printed = run(ProcessBuilder.Redirect.to(file.toFile()), jcmd.toString(), String.valueOf(pid),
                    "Thread.print", "-l");
            Path all = logs.resolve(id + "-threads-" + stamp + "-all.txt");
            run(ProcessBuilder.Redirect.DISCARD, jcmd.toString(), String.valueOf(pid),
                    "Thread.dump_to_file", "-format=text", all.toAbsolutePath().toString());
            return printed ? Optional.of(file) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static boolean run(ProcessBuilder.Redirect output, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return false;
        }
        return process.exitValue() == 0;
    }
}
