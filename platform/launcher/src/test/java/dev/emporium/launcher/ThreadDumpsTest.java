package dev.emporium.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A thread dump of a real JVM that hangs, as the supervisor takes one before it kills an instance that never got ready. */
class ThreadDumpsTest {

    @TempDir
    Path logs;

    @Test
    void dumpsEveryThreadOfAHangingJvmIntoTheLogsDirectory() throws Exception {
        Path source = logs.resolve("Hang.java");
        Files.writeString(source, """
                public class Hang {
                    public static void main(String[] args) throws Exception {
                        Thread parked = Thread.ofVirtual().name("parked-virtual").start(() -> Hang.parked());
                        long deadline = System.nanoTime() + 10_000_000_000L;
                        while (parked.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                            Thread.onSpinWait(); // until it is parked, so the dump shows it there
                        }
                        System.out.println("hanging");
                        Hang.parked();
                    }
                    static void parked() {
                        try {
                            new java.util.concurrent.CountDownLatch(1).await();
                        } catch (InterruptedException e) {
                        }
                    }
                }
                """);
        Process hanging = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                source.toString())).redirectErrorStream(true).start();
        try {
            assertThat(new String(hanging.getInputStream().readNBytes("hanging".length()))).isEqualTo("hanging");
            Path dump = ThreadDumps.take(hanging.pid(), "product-service-1", logs).orElseThrow();
            assertThat(dump.getParent()).isEqualTo(logs);
            assertThat(dump.getFileName().toString()).startsWith("product-service-1-threads-").endsWith(".txt");
            assertThat(Files.readString(dump)).contains("Full thread dump").contains("\"main\"").contains("Hang.main");
            Path all = logs.resolve(dump.getFileName().toString().replace(".txt", "-all.txt"));
            assertThat(Files.readString(all)).as("every virtual thread, parked ones too").contains("parked-virtual")
                    .contains("Hang.parked");
        } finally {
            hanging.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(ThreadDumps.take(hanging.pid(), "gone-1", logs)).as("no JVM there any more").isEmpty();
    }
}
