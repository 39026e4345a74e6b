package dev.emporium.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Renders a Kustomize directory: with {@code kubectl kustomize} when kubectl is on the machine, otherwise with
 * {@link #build}, a renderer of exactly the Kustomize features deploy/kubernetes uses (resources, namespace, images,
 * generators without hash suffixes, strategic-merge patches with or without a target, {@code $patch: delete}).
 * Where kubectl exists, a test renders every overlay both ways and requires the same objects, so the fallback stays
 * honest.
 */
final class Kustomize {

    /** Kinds that live outside namespaces (the namespace transformer leaves them alone). */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "ClusterSecretStore", "PersistentVolume", "StorageClass", "PriorityClass",
            "ClusterIssuer", "IngressClass");
    /** Strategic-merge keys of the built-in list fields deploy/kubernetes patches. */
    private static final Map<String, String> MERGE_KEYS = Map.of("containers", "name", "initContainers", "name",
            "env", "name", "volumes", "name", "volumeMounts", "mountPath", "imagePullSecrets", "name");
    private static final Set<String> BUILT_IN_GROUPS = Set.of("v1", "apps/v1", "batch/v1", "policy/v1", "autoscaling/v2",
            "networking.k8s.io/v1", "rbac.authorization.k8s.io/v1");

    private Kustomize() {
    }

    /** kubectl's rendering, or null when kubectl is not installed. */
    static List<Map<String, Object>> kubectl(Path dir) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false).start();
        } catch (IOException notInstalled) {
            return null;
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + err);
        }
        return parse(out);
    }

    static List<Map<String, Object>> build(Path dir) {
        Map<String, Object> kustomization = kustomization(dir);
        List<Map<String, Object>> objects = new ArrayList<>();
        for (String resource : strings(kustomization.get("resources"))) {
            Path path = dir.resolve(resource).normalize();
            objects.addAll(Files.isDirectory(path) ? build(path) : parse(read(path)));
        }
        for (Map<String, Object> generator : maps(kustomization.get("secretGenerator"))) {
            objects.add(generated("Secret", generator, true));
        }
        for (Map<String, Object> generator : maps(kustomization.get("configMapGenerator"))) {
            objects.add(generated("ConfigMap", generator, false));
        }
        for (Map<String, Object> patch : maps(kustomization.get("patches"))) {
            String text = patch.containsKey("path") ? read(dir.resolve((String) patch.get("path"))) : (String) patch.get("patch");
            for (Map<String, Object> document : parse(text)) {
                apply(objects, document, map(patch.get("target")));
            }
        }
        for (Map<String, Object> image : maps(kustomization.get("images"))) {
            objects.forEach(object -> setImage(object, image));
        }
        Object namespace = kustomization.get("namespace");
        if (namespace != null) {
            objects.stream().filter(o -> !CLUSTER_SCOPED.contains((String) o.get("kind")))
                    .forEach(o -> map(o.get("metadata")).put("namespace", namespace));
        }
        return objects;
    }

    static List<Map<String, Object>> parse(String yaml) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (document != null) {
                documents.add(map(document));
            }
        }
        return documents;
    }

    static String key(Map<String, Object> object) {
        Map<String, Object> metadata = map(object.get("metadata"));
        return object.get("kind") + "/" + metadata.getOrDefault("namespace", "") + "/" + metadata.get("name");
    }

    private static Map<String, Object> kustomization(Path dir) {
        for (String name : List.of("kustomization.yaml", "kustomization.yml", "Kustomization")) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return parse(read(dir.resolve(name))).getFirst();
            }
        }
        throw new IllegalArgumentException("no kustomization in " + dir);
    }

    private static Map<String, Object> generated(String kind, Map<String, Object> generator, boolean encode) {
        Map<String, Object> options = map(generator.get("options"));
        if (!Boolean.TRUE.equals(options.get("disableNameSuffixHash"))) {
            throw new UnsupportedOperationException("generators with name hashes are not rendered here: " + generator);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        for (String literal : strings(generator.get("literals"))) {
            String[] kv = literal.split("=", 2);
            data.put(kv[0], encode ? Base64.getEncoder().encodeToString(kv[1].getBytes(StandardCharsets.UTF_8)) : kv[1]);
        }
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("apiVersion", "v1");
        object.put("kind", kind);
        object.put("metadata", new LinkedHashMap<>(Map.of("name", generator.get("name"))));
        if (encode) {
            object.put("type", "Opaque");
        }
        object.put("data", data);
        return object;
    }

    private static void apply(List<Map<String, Object>> objects, Map<String, Object> patch, Map<String, Object> target) {
        boolean delete = "delete".equals(patch.get("$patch"));
        boolean matched = false;
        for (Iterator<Map<String, Object>> it = objects.iterator(); it.hasNext(); ) {
            Map<String, Object> object = it.next();
            if (!(target.isEmpty() ? sameObject(object, patch) : matches(object, target))) {
                continue;
            }
            matched = true;
            if (delete) {
                it.remove();
                continue;
            }
            Map<String, Object> body = new LinkedHashMap<>(patch);
            body.remove("apiVersion");
            body.remove("kind");
            Map<String, Object> metadata = new LinkedHashMap<>(map(body.remove("metadata")));
            metadata.remove("name");
            metadata.remove("namespace");
            if (!metadata.isEmpty()) {
                body.put("metadata", metadata);
            }
            merge(object, body, BUILT_IN_GROUPS.contains((String) object.get("apiVersion")));
        }
        if (!matched) {
            throw new IllegalArgumentException("patch matches nothing: " + patch);
        }
    }

    private static boolean sameObject(Map<String, Object> object, Map<String, Object> patch) {
        return object.get("kind").equals(patch.get("kind"))
                && map(object.get("metadata")).get("name").equals(map(patch.get("metadata")).get("name"));
    }

    private static boolean matches(Map<String, Object> object, Map<String, Object> target) {
        Map<String, Object> metadata = map(object.get("metadata"));
        if (target.containsKey("kind") && !target.get("kind").equals(object.get("kind"))) {
            return false;
        }
        if (target.containsKey("name") && !Pattern.matches((String) target.get("name"), (String) metadata.get("name"))) {
            return false;
        }
        if (target.containsKey("labelSelector")) {
            Map<String, Object> labels = map(metadata.get("labels"));
            for (String requirement : ((String) target.get("labelSelector")).split(",")) {
                String[] kv = requirement.trim().split("=", 2);
                if (!kv[1].equals(labels.get(kv[0]))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Strategic merge: null deletes, maps merge, lists of built-in kinds merge by their key, other lists replace. */
    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> target, Map<String, Object> patch, boolean builtIn) {
        patch.forEach((field, value) -> {
            if (field.equals("$patch")) {
                return;
            }
            Object current = target.get(field);
            if (value == null) {
                target.remove(field);
            } else if (current instanceof Map<?, ?> currentMap && value instanceof Map<?, ?> valueMap) {
                merge((Map<String, Object>) currentMap, (Map<String, Object>) valueMap, builtIn);
            } else if (builtIn && MERGE_KEYS.containsKey(field) && current instanceof List<?> currentList
                    && value instanceof List<?> valueList) {
                String mergeKey = MERGE_KEYS.get(field);
                List<Object> merged = new ArrayList<>(currentList);
                for (Object element : valueList) {
                    Map<String, Object> patchElement = (Map<String, Object>) element;
                    merged.stream().map(e -> (Map<String, Object>) e)
                            .filter(e -> e.get(mergeKey).equals(patchElement.get(mergeKey))).findFirst()
                            .ifPresentOrElse(e -> merge(e, patchElement, true), () -> merged.add(patchElement));
                }
                target.put(field, merged);
            } else {
                target.put(field, value);
            }
        });
    }

    private static void setImage(Map<String, Object> object, Map<String, Object> image) {
        Map<String, Object> spec = map(object.get("spec"));
        Map<String, Object> pod = map(map(spec.get("template")).get("spec"));
        for (String field : List.of("containers", "initContainers")) {
            for (Map<String, Object> container : maps(pod.get(field))) {
                String current = (String) container.get("image");
                String name = current.contains(":") ? current.substring(0, current.lastIndexOf(':')) : current;
                if (!name.equals(image.get("name"))) {
                    continue;
                }
                String tag = current.contains(":") ? current.substring(current.lastIndexOf(':') + 1) : null;
                String newName = (String) image.getOrDefault("newName", name);
                Object newTag = image.getOrDefault("newTag", tag);
                container.put("image", newTag == null ? newName : newName + ":" + newTag);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? new LinkedHashMap<>() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Object value) {
        return value == null ? List.of() : (List<String>) value;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
