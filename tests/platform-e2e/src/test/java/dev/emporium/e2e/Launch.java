package dev.emporium.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;

import dev.emporium.testsupport.LaunchedPlatform;

/**
 * Starts the real launcher ({@code platform/launcher/target/launcher.jar}) as a user would, output to a file; reads
 * what it reports in {@code run/status.json}; stops it and prints what went wrong.
 */
final class Launch {

    static final String ADMIN_EMAIL = LaunchedPlatform.ADMIN_EMAIL;
    static final String ADMIN_PASSWORD = LaunchedPlatform.ADMIN_PASSWORD;

    private Launch() {
    }

    static Process start(Path dataDir, Path output, int portOffset, String... options) throws IOException {
        return start(dataDir, output, portOffset, java.util.Map.of(), options);
    }

    /** With {@code environment} added to the launcher's (and so to every process it starts). */
    static Process start(Path dataDir, Path output, int portOffset, java.util.Map<String, String> environment,
            String... options) throws IOException {
        ProcessBuilder launcher = LaunchedPlatform.launcher(dataDir, output, portOffset, options);
        launcher.environment().putAll(environment);
        return launcher.start();
    }

    static String status(Path dataDir) throws IOException {
        return Files.readString(dataDir.resolve("run/status.json"));
    }

    static long pidOf(Path dataDir, String instance) throws IOException {
        List<Number> pids = JsonPath.read(status(dataDir), "$.instances[?(@.id=='" + instance + "')].pid");
        return pids.getFirst().longValue();
    }

    static String stateOf(Path dataDir, String instance) throws IOException {
        List<String> states = JsonPath.read(status(dataDir), "$.instances[?(@.id=='" + instance + "')].state");
        return states.getFirst();
    }

    static List<Long> pids(Path dataDir) throws IOException {
        return JsonPath.<List<Number>>read(status(dataDir), "$.instances[*].pid").stream().map(Number::longValue).toList();
    }

    /**
     * SIGTERM to the launcher, as Ctrl-C or an orchestrator would send it: it must exit within 90 s and leave none of
     * the processes it started running, and say it stopped.
     */
    static void sigtermStopsEveryProcess(Process launcher, Path dataDir, Path output) throws IOException {
        List<Long> children = pids(dataDir);
        launcher.destroy();
        await("the launcher to exit").atMost(Duration.ofSeconds(90)).until(() -> !launcher.isAlive());
        assertThat(children).isNotEmpty().allSatisfy(pid ->
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid " + pid).isFalse());
        assertThat(Files.readString(output)).contains("stopped");
    }

    /** Kills what is left, prints the launcher's output and each log's warnings and errors, deletes the data. */
    static void cleanUp(Process launcher, Path output, Path dataDir) throws IOException {
        if (launcher != null && launcher.isAlive()) {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
        if (output != null && Files.exists(output)) {
            System.out.println("---- launcher output ----\n" + Files.readString(output));
        }
        if (dataDir != null && Files.isDirectory(dataDir.resolve("logs"))) {
            try (Stream<Path> logs = Files.list(dataDir.resolve("logs"))) {
                for (Path log : logs.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                    List<String> problems = Files.readAllLines(log).stream()
                            .filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).toList();
                    System.out.println("---- " + log.getFileName() + ": " + problems.size() + " warnings/errors, the last 40 ----");
                    problems.subList(Math.max(0, problems.size() - 40), problems.size()).forEach(System.out::println);
                }
            }
        }
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
