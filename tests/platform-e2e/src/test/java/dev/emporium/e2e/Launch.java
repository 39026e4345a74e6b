package dev.emporium.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts the real launcher ({@code platform/launcher/target/launcher.jar}) as a user would, output to a file. */
final class Launch {

    static final String ADMIN_EMAIL = "e2e-admin@emporium.test";
    static final String ADMIN_PASSWORD = "e2e-admin-password";

    private Launch() {
    }

    static Process start(Path dataDir, Path output, int portOffset, String... options) throws IOException {
        Path home = Path.of(System.getProperty("emporium.home", "../..")).toAbsolutePath().normalize();
        Path jar = home.resolve("platform/launcher/target/launcher.jar");
        assertThat(jar).as("the launcher jar (built by ./mvnw package)").isRegularFile();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-jar", jar.toString(), "--home", home.toString(), "--data-dir", dataDir.toString(),
                "--port-offset", String.valueOf(portOffset), "--quiet"));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("EMPORIUM_ADMIN_EMAIL", ADMIN_EMAIL);
        builder.environment().put("EMPORIUM_ADMIN_PASSWORD", ADMIN_PASSWORD);
        return builder.start();
    }
}
