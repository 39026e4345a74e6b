package dev.emporium.deploy;

import static dev.emporium.deploy.KubernetesManifestsTest.name;
import static dev.emporium.deploy.KubernetesManifestsTest.of;
import static dev.emporium.deploy.Kustomize.map;
import static dev.emporium.deploy.Kustomize.maps;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The central configuration in Kubernetes (deploy/README.md): no config server and no bus in the cluster; instead
 * config/ of the repository, the very files (config/kustomization.yaml), is the ConfigMap emporium-central-config,
 * whose name carries a hash of them. Every Spring service's workload mounts it and imports exactly application.yml
 * and its own file, if config/ has one (SPRING_CONFIG_IMPORT; in the monolith per module, under the module's prefix);
 * and a change to a file renames the ConfigMap in every pod template that mounts it, so applying it rolls them.
 */
class CentralConfigMapTest {

    private static final Path KUBERNETES = Repo.ROOT.resolve("deploy/kubernetes");
    private static final Path CONFIG = Repo.ROOT.resolve("config");
    private static final String NAME = "emporium-central-config";
    private static final Pattern HASHED = Pattern.compile(Pattern.quote(NAME) + "-[a-z0-9]{10}");
    private static final String MOUNT = "/etc/emporium/config";
    private static final String MONOLITH = "emporium-monolith";

    private static List<Map<String, Object>> render(String overlay) {
        return Kustomize.build(KUBERNETES.resolve("overlays").resolve(overlay));
    }

    /** config/*.yml by name, as bytes: what the ConfigMap must hold. */
    private static Map<String, byte[]> configFiles(Path config) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(config)) {
            for (Path file : list.filter(f -> f.getFileName().toString().endsWith(".yml")).toList()) {
                files.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    /** What a service imports: the shared file, then its own when config/ has one (the later one wins). */
    private static List<String> expectedImport(String service) {
        List<String> imports = new ArrayList<>(List.of("optional:file:" + MOUNT + "/application.yml"));
        if (Files.isRegularFile(CONFIG.resolve(service + ".yml"))) {
            imports.add("optional:file:" + MOUNT + "/" + service + ".yml");
        }
        return imports;
    }

    private static Map<String, Object> centralConfigMap(List<Map<String, Object>> objects, String overlay) {
        List<Map<String, Object>> central = of(objects, "ConfigMap").stream()
                .filter(c -> name(c).startsWith(NAME)).toList();
        assertThat(central).as(overlay + ": one central-configuration ConfigMap").hasSize(1);
        return central.getFirst();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "mesh", "monolith"})
    void theConfigMapHoldsExactlyTheFilesOfConfigByteForByteUnderAHashedName(String overlay) throws IOException {
        List<Map<String, Object>> objects = render(overlay);
        Map<String, Object> configMap = centralConfigMap(objects, overlay);
        assertThat(name(configMap)).as(overlay + ": the name carries the hash of the files (a change is a rollout)")
                .matches(HASHED)
                .isEqualTo(NAME + "-" + Kustomize.hash(map(configMap.get("data"))));
        assertThat(configMap).as(overlay + ": no binary data (the files are text)").doesNotContainKey("binaryData");
        Map<String, byte[]> files = configFiles(CONFIG);
        assertThat(files).as("config/").containsKeys("application.yml");
        Map<String, Object> data = map(configMap.get("data"));
        assertThat(new TreeSet<>(data.keySet())).as(overlay + ": the ConfigMap's keys are config/*.yml, no more, no less")
                .isEqualTo(files.keySet());
        files.forEach((file, bytes) -> assertThat(((String) data.get(file)).getBytes(StandardCharsets.UTF_8))
                .as(overlay + ": " + file + " in the ConfigMap is config/" + file + ", byte for byte").isEqualTo(bytes));
        // config/ is the one source: no other object of the cluster carries a copy of one of its files
        for (Map<String, Object> other : of(objects, "ConfigMap")) {
            if (other != configMap) {
                assertThat(map(other.get("data")).keySet()).as(overlay + ": " + name(other) + " copies config/")
                        .doesNotContainAnyElementsOf(files.keySet());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "mesh", "monolith"})
    void everySpringServiceMountsItAndImportsApplicationYmlAndItsOwnFileOnly(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        String configMap = name(centralConfigMap(objects, overlay));
        Map<String, Map<String, Object>> deployments = new LinkedHashMap<>();
        of(objects, "Deployment").forEach(d -> deployments.put(name(d), d));

        Set<String> expectedMounting = new TreeSet<>();
        for (String service : Repo.CLUSTER_SERVICES) {
            if (overlay.equals("monolith") && Repo.MONOLITH_MODULES.contains(service)) {
                continue;
            }
            expectedMounting.add(service);
            Map<String, Object> container = mountingContainer(deployments.get(service), configMap, service);
            assertThat(env(container)).as(overlay + ": " + service + " imports application.yml and its own file")
                    .containsEntry("SPRING_CONFIG_IMPORT", String.join(",", expectedImport(service)));
        }
        if (overlay.equals("monolith")) {
            expectedMounting.add(MONOLITH);
            Map<String, String> env = env(mountingContainer(deployments.get(MONOLITH), configMap, MONOLITH));
            for (String module : Repo.MONOLITH_MODULES) {
                String prefix = module.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
                assertThat(env).as("monolith: the " + module + " module imports application.yml and its own file")
                        .containsEntry(prefix + "SPRING_CONFIG_IMPORT", String.join(",", expectedImport(module)));
            }
            assertThat(env).as("monolith: no unprefixed import, which would reach every module")
                    .doesNotContainKey("SPRING_CONFIG_IMPORT");
        }
        Set<String> mounting = deployments.values().stream()
                .filter(d -> volumes(d).stream().anyMatch(v -> configMap.equals(map(v.get("configMap")).get("name"))))
                .map(KubernetesManifestsTest::name).collect(Collectors.toCollection(TreeSet::new));
        assertThat(mounting).as(overlay + ": the Spring services' workloads mount the central configuration, nothing else")
                .isEqualTo(expectedMounting);
        // no config server and no bus in the cluster: the services' own import of the config server stays off
        Map<String, Object> settings = of(objects, "ConfigMap").stream().filter(c -> name(c).equals("emporium-config"))
                .findFirst().map(c -> map(c.get("data"))).orElseThrow();
        assertThat(settings).as(overlay + ": emporium-config").containsEntry("SPRING_CLOUD_CONFIG_ENABLED", "false")
                .doesNotContainKey("SPRING_CONFIG_IMPORT");
        assertThat(deployments).as(overlay + ": no config server").doesNotContainKey("discovery-server");
    }

    /**
     * A change to a file of config/, even a comment, renames the ConfigMap, and every pod template that mounted the old
     * name mounts the new one: applying the overlay rolls those Deployments onto the new files. Rendered from a copy of
     * config/ and deploy/kubernetes (by kubectl too, where it exists).
     */
    @Test
    void aChangedFileRenamesTheConfigMapInEveryPodTemplateThatMountsIt(@TempDir Path copy) throws Exception {
        copyTree(CONFIG, copy.resolve("config"));
        copyTree(KUBERNETES, copy.resolve("deploy/kubernetes"));
        Path overlay = copy.resolve("deploy/kubernetes/overlays/monolith");
        Map<String, String> before = mountedNames(Kustomize.build(overlay));
        Path changed = copy.resolve("config/order-service.yml");
        Files.writeString(changed, Files.readString(changed) + "# changed\n");
        List<List<Map<String, Object>>> renderings = new ArrayList<>(List.of(Kustomize.build(overlay)));
        List<Map<String, Object>> kubectl = Kustomize.kubectl(overlay);
        if (kubectl != null) {
            renderings.add(kubectl);
        }
        assertThat(before).as("the monolith and extracted analytics-service mount it")
                .containsKeys(MONOLITH, "analytics-service");
        String oldName = before.values().iterator().next();
        for (List<Map<String, Object>> objects : renderings) {
            String newName = name(centralConfigMap(objects, "monolith, changed"));
            assertThat(newName).matches(HASHED).isNotEqualTo(oldName);
            assertThat(mountedNames(objects)).as("every pod template follows the new name")
                    .isEqualTo(before.keySet().stream().collect(Collectors.toMap(k -> k, k -> newName)));
        }
    }

    /** The workload's container that mounts the ConfigMap read-only at /etc/emporium/config. */
    private static Map<String, Object> mountingContainer(Map<String, Object> deployment, String configMap,
            String workload) {
        assertThat(deployment).as(workload + "'s Deployment").isNotNull();
        List<String> volumeNames = volumes(deployment).stream()
                .filter(v -> configMap.equals(map(v.get("configMap")).get("name")))
                .map(v -> (String) v.get("name")).toList();
        assertThat(volumeNames).as(workload + ": a volume of " + configMap).hasSize(1);
        Map<String, Object> container = maps(pod(deployment).get("containers")).getFirst();
        assertThat(maps(container.get("volumeMounts"))).as(workload + ": mounted read-only at " + MOUNT)
                .anySatisfy(m -> assertThat(m).containsEntry("name", volumeNames.getFirst())
                        .containsEntry("mountPath", MOUNT).containsEntry("readOnly", true).doesNotContainKey("subPath"));
        return container;
    }

    /** Deployment name to the central ConfigMap its pod template mounts. */
    private static Map<String, String> mountedNames(List<Map<String, Object>> objects) {
        Map<String, String> mounted = new TreeMap<>();
        for (Map<String, Object> deployment : of(objects, "Deployment")) {
            for (Map<String, Object> volume : volumes(deployment)) {
                Object configMap = map(volume.get("configMap")).get("name");
                if (configMap != null && ((String) configMap).startsWith(NAME)) {
                    mounted.put(name(deployment), (String) configMap);
                }
            }
        }
        return mounted;
    }

    private static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new TreeMap<>();
        maps(container.get("env")).forEach(e -> env.put((String) e.get("name"), (String) e.get("value")));
        return env;
    }

    private static List<Map<String, Object>> volumes(Map<String, Object> deployment) {
        return maps(pod(deployment).get("volumes"));
    }

    private static Map<String, Object> pod(Map<String, Object> deployment) {
        return map(map(map(deployment.get("spec")).get("template")).get("spec"));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
