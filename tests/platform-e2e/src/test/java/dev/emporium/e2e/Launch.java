package dev.emporium.e2e;

import java.io.IOException;
import java.nio.file.Path;

import dev.emporium.testsupport.LaunchedPlatform;

/** Starts the real launcher ({@code platform/launcher/target/launcher.jar}) as a user would, output to a file. */
final class Launch {

    static final String ADMIN_EMAIL = LaunchedPlatform.ADMIN_EMAIL;
    static final String ADMIN_PASSWORD = LaunchedPlatform.ADMIN_PASSWORD;

    private Launch() {
    }

    static Process start(Path dataDir, Path output, int portOffset, String... options) throws IOException {
        return LaunchedPlatform.launcher(dataDir, output, portOffset, options).start();
    }
}
