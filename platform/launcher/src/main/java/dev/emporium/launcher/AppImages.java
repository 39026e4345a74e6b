package dev.emporium.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Turns a service's executable jar into what starts fastest: the jar extracted once into
 * {@code data/apps/<service>} (Spring Boot's {@code -Djarmode=tools extract}), so the JVM can keep a
 * class-data-sharing archive of it across restarts. Re-extracted whenever the jar is rebuilt.
 */
final class AppImages {

    private final Path home;
    private final Path appsDir;
    private final Path cdsDir;
    private final String java;

    AppImages(Path home, Path imagesDir, String java) {
        this.home = home;
        this.appsDir = imagesDir.resolve("apps");
        this.cdsDir = imagesDir.resolve("cds");
        this.java = java;
    }

    Path builtJar(String service) {
        if (service.equals(Supervisor.MONOLITH)) {
            return home.resolve("platform").resolve("monolith").resolve("target").resolve("monolith.jar");
        }
        return home.resolve("services").resolve(service).resolve("target").resolve(service + ".jar");
    }

    /** The missing jars, so the launcher can say what to build instead of failing later. */
    List<Path> missingJars(Iterable<String> services) {
        List<Path> missing = new ArrayList<>();
        services.forEach(s -> {
            if (!Files.isRegularFile(builtJar(s))) {
                missing.add(builtJar(s));
            }
        });
        return missing;
    }

    /** Extracts the service's jar when it changed since the last extraction; returns the jar to run. */
    Path prepare(String service) throws IOException, InterruptedException {
        Path jar = builtJar(service);
        Path target = appsDir.resolve(service);
        Path stamp = target.resolve(".source");
        String fingerprint = Files.size(jar) + ":" + Files.getLastModifiedTime(jar).toMillis();
        Path extracted = target.resolve(service + ".jar");
        if (Files.isRegularFile(extracted) && Files.isRegularFile(stamp) && Files.readString(stamp).equals(fingerprint)) {
            return extracted;
        }
        deleteTree(target);
        deleteArchives(service);
        Files.createDirectories(appsDir);
        Process extract = new ProcessBuilder(java, "-Djarmode=tools", "-jar", jar.toString(), "extract",
                "--destination", target.toString()).redirectErrorStream(true).start();
        String output = new String(extract.getInputStream().readAllBytes());
        if (!extract.waitFor(120, TimeUnit.SECONDS) || extract.exitValue() != 0 || !Files.isRegularFile(extracted)) {
            throw new IOException("Could not extract " + jar + ": " + output);
        }
        Files.writeString(stamp, fingerprint);
        return extracted;
    }

    /**
     * JVM options that keep and reuse a dynamic CDS archive per instance (JDK 19+). Not the JDK 25 AOT cache: measured
     * here (docs/benchmarks.md, "Start-up: AOT cache or CDS"), it started the platform no faster and doubled the
     * first stop (every JVM assembles its cache on exit).
     */
    List<String> classDataSharing(String instanceId) throws IOException {
        Files.createDirectories(cdsDir);
        return List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + cdsDir.resolve(instanceId + ".jsa"),
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    private void deleteArchives(String service) throws IOException {
        if (!Files.isDirectory(cdsDir)) {
            return;
        }
        try (Stream<Path> archives = Files.list(cdsDir)) {
            for (Path archive : archives.filter(p -> p.getFileName().toString().startsWith(service + "-")).toList()) {
                Files.deleteIfExists(archive);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
