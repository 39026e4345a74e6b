package dev.emporium.deploy;

import static dev.emporium.deploy.Kustomize.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Images: the Dockerfiles say what the Jib configuration says (base, user, port, JVM flags), and Jib really builds
 * an OCI tarball without a Docker daemon. No registry is reachable here, so the tarball is built on the empty
 * {@code scratch} base: it proves the layers, user, port, entrypoint and environment, not the JRE underneath.
 */
class ImagesTest {

    @Test
    void everyDockerfileMatchesTheJibConfiguration() throws Exception {
        String root = Repo.rootPom();
        String base = Repo.element(root, "image.base");
        String flags = Repo.element(root, "JAVA_TOOL_OPTIONS");
        String user = Repo.element(root.substring(root.indexOf("jib-maven-plugin")), "user");
        for (String service : Repo.allServices()) {
            Path dockerfile = Repo.ROOT.resolve("services").resolve(service).resolve("Dockerfile");
            assertThat(dockerfile).as(service).isRegularFile();
            String text = Files.readString(dockerfile);
            String port = Repo.element(Repo.pom(service), "service.port");
            assertThat(Repo.pom(service)).as(service + " builds an image").contains("<artifactId>jib-maven-plugin</artifactId>");
            assertThat(text).as(service)
                    .contains("ARG BASE_IMAGE=" + base + "\n")
                    .contains("\nUSER " + user + "\n")
                    .contains("\nEXPOSE " + port + "\n")
                    .contains("ENV JAVA_TOOL_OPTIONS=\"" + flags + "\"")
                    .contains("-pl services/" + service + " -am")
                    .contains("HEALTHCHECK")
                    .contains("target/" + service + ".jar");
            if (Repo.pom(service).contains("<service.grpc-port>")) {
                String grpc = Repo.element(Repo.pom(service), "service.grpc-port");
                assertThat(text).as(service + " exposes its gRPC port").contains("\nEXPOSE " + grpc + "\n");
                assertThat(Repo.pom(service)).as(service + "'s image exposes its gRPC port")
                        .contains("<port>${service.grpc-port}</port>");
            }
        }
    }

    @Test
    void jibBuildsAnOciTarballWithoutADockerDaemon() throws Exception {
        Path mvnw = Repo.ROOT.resolve("mvnw");
        Path tar = Repo.ROOT.resolve("services/discovery-server/target/jib-image.tar");
        Files.deleteIfExists(tar);
        ProcessBuilder build = new ProcessBuilder(mvnw.toString(), "-B", "-q", "-pl", "services/discovery-server", "-am",
                "package", "-DskipTests", "-Djacoco.skip=true", "-Dimage.skip=false", "-Dimage.base=scratch")
                .directory(Repo.ROOT.toFile()).redirectErrorStream(true);
        Process process = build.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();

        Map<String, byte[]> entries = untar(tar);
        Map<String, Object> index = json(entries.get("index.json"));
        Map<String, Object> descriptor = Kustomize.maps(index.get("manifests")).getFirst();
        assertThat(map(descriptor.get("annotations")).get("org.opencontainers.image.ref.name"))
                .isEqualTo("emporium/discovery-server:" + Repo.element(Repo.rootPom().substring(
                        Repo.rootPom().indexOf("<artifactId>emporium</artifactId>")), "version"));
        Map<String, Object> manifest = json(entries.get(blob((String) descriptor.get("digest"))));
        assertThat(Kustomize.maps(manifest.get("layers"))).as("dependencies, resources, classes ...").hasSizeGreaterThanOrEqualTo(3);
        Map<String, Object> config = map(json(entries.get(blob((String) map(manifest.get("config")).get("digest")))).get("config"));
        assertThat(config.get("User")).isEqualTo("1000:1000");
        assertThat(map(config.get("ExposedPorts"))).containsOnlyKeys("8761/tcp");
        assertThat((List<?>) config.get("Env")).anySatisfy(env -> assertThat(env.toString())
                .startsWith("JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75"));
        assertThat(config.get("Entrypoint").toString()).startsWith("[java,").contains("dev.emporium.discovery");
    }

    private static String blob(String digest) {
        return "blobs/sha256/" + digest.substring("sha256:".length());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(byte[] bytes) {
        return (Map<String, Object>) Kustomize.parse(new String(bytes, StandardCharsets.UTF_8)).getFirst();
    }

    /** The files of an uncompressed tar (ustar headers: name at 0, octal size at 124, 512-byte blocks). */
    private static Map<String, byte[]> untar(Path tar) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (InputStream in = Files.newInputStream(tar)) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = new String(header, 0, 100, StandardCharsets.US_ASCII).replace("\0", "").trim();
                String prefix = new String(header, 345, 155, StandardCharsets.US_ASCII).replace("\0", "").trim();
                long size = Long.parseLong(new String(header, 124, 12, StandardCharsets.US_ASCII).replace("\0", "").trim(), 8);
                byte[] content = in.readNBytes((int) size);
                in.skipNBytes((512 - size % 512) % 512);
                String path = prefix.isEmpty() ? name : prefix + "/" + name;
                if (path.endsWith(".json") || path.startsWith("blobs/") && size < 1_000_000) {
                    files.put(path.startsWith("./") ? path.substring(2) : path, content);
                }
            }
        }
        return files;
    }
}
