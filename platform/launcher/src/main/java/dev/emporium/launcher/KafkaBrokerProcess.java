package dev.emporium.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar launcher.jar kafka-broker --data-dir D --port P --controller-port C}: the embedded broker in a
 * JVM of its own, supervised by the launcher like every service. So it can be killed and restarted on its own
 * (the chaos suite does), and a crash of the broker does not take the launcher with it. It stops when asked
 * (SIGTERM) and when the launcher that started it is gone ({@code EMPORIUM_PARENT_PID}).
 */
final class KafkaBrokerProcess {

    private KafkaBrokerProcess() {
    }

    static int run(List<String> args) throws Exception {
        Path dataDir = null;
        int port = LauncherOptions.KAFKA_PORT;
        int controllerPort = LauncherOptions.KAFKA_CONTROLLER_PORT;
        for (int i = 0; i + 1 < args.size(); i += 2) {
            switch (args.get(i)) {
                case "--data-dir" -> dataDir = Path.of(args.get(i + 1));
                case "--port" -> port = Integer.parseInt(args.get(i + 1));
                case "--controller-port" -> controllerPort = Integer.parseInt(args.get(i + 1));
                default -> {
                    System.err.println("kafka-broker: unknown option " + args.get(i));
                    return 2;
                }
            }
        }
        if (dataDir == null) {
            System.err.println("Usage: kafka-broker --data-dir DIR [--port 9092] [--controller-port 9093]");
            return 2;
        }
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, port, controllerPort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "kafka-broker-shutdown"));
        String parent = System.getenv("EMPORIUM_PARENT_PID");
        if (parent != null && !parent.isBlank()) {
            ProcessHandle.of(Long.parseLong(parent.strip())).ifPresentOrElse(
                    launcher -> launcher.onExit().thenRun(() -> System.exit(0)), () -> System.exit(0));
        }
        broker.start();
        System.out.println("Kafka broker (KRaft) ready on " + broker.bootstrapServers());
        stopped.await();
        return 0;
    }
}
