package dev.emporium.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Renders a Kustomize directory: with {@code kubectl kustomize} when kubectl is on the machine, otherwise with
 * {@link #build}, a renderer of exactly the Kustomize features deploy/kubernetes uses (resources, namespace, images,
 * generators from literals or files, ConfigMap generators with hash suffixes and the references to them,
 * strategic-merge patches with or without a target, {@code $patch: delete}).
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
        Set<Map<String, Object>> toHash = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Map<String, Object>> objects = accumulate(dir, toHash);
        // as kustomize does, once for the whole build and last (after every patch and the namespace): the generated
        // objects get their hash suffix, then every reference to one of them follows the new name
        Map<String, String> renamed = new HashMap<>();
        for (Map<String, Object> object : objects) {
            if (toHash.contains(object)) {
                Map<String, Object> metadata = map(object.get("metadata"));
                String name = (String) metadata.get("name");
                metadata.put("name", name + "-" + hash(map(object.get("data"))));
                renamed.put(object.get("kind") + "/" + name, (String) metadata.get("name"));
            }
        }
        objects.forEach(object -> fixReferences(object, renamed));
        return objects;
    }

    private static List<Map<String, Object>> accumulate(Path dir, Set<Map<String, Object>> toHash) {
        Map<String, Object> kustomization = kustomization(dir);
        List<Map<String, Object>> objects = new ArrayList<>();
        for (String resource : strings(kustomization.get("resources"))) {
            Path path = dir.resolve(resource).normalize();
            objects.addAll(Files.isDirectory(path) ? accumulate(path, toHash) : parse(read(path)));
        }
        for (Map<String, Object> generator : maps(kustomization.get("secretGenerator"))) {
            objects.add(generated("Secret", generator, dir, toHash));
        }
        for (Map<String, Object> generator : maps(kustomization.get("configMapGenerator"))) {
            objects.add(generated("ConfigMap", generator, dir, toHash));
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

    /**
     * A ConfigMap or Secret from a generator's literals ({@code key=value}) and files ({@code path} under the file's
     * name, or {@code key=path}; inside the kustomization's directory, as kustomize's load restrictor requires), with
     * the labels and annotations of its options. Its name gets a hash suffix at the end of the build unless the
     * options disable it (only ConfigMaps' hashes are rendered here).
     */
    private static Map<String, Object> generated(String kind, Map<String, Object> generator, Path dir,
            Set<Map<String, Object>> toHash) {
        boolean encode = kind.equals("Secret");
        Map<String, Object> options = map(generator.get("options"));
        Map<String, String> entries = new LinkedHashMap<>();
        for (String literal : strings(generator.get("literals"))) {
            String[] kv = literal.split("=", 2);
            entries.put(kv[0], kv[1]);
        }
        for (String file : strings(generator.get("files"))) {
            String[] kv = file.contains("=") ? file.split("=", 2) : new String[] {null, file};
            Path path = dir.resolve(kv[1]).normalize();
            if (!path.startsWith(dir.normalize())) {
                throw new IllegalArgumentException(path + " is outside " + dir + ": kustomize refuses to load it");
            }
            entries.put(kv[0] == null ? path.getFileName().toString() : kv[0], read(path));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        entries.forEach((key, value) -> data.put(key,
                encode ? Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) : value));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", generator.get("name"));
        for (String field : List.of("labels", "annotations")) {
            if (options.containsKey(field)) {
                metadata.put(field, new LinkedHashMap<>(map(options.get(field))));
            }
        }
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("apiVersion", "v1");
        object.put("kind", kind);
        object.put("metadata", metadata);
        if (encode) {
            object.put("type", "Opaque");
        }
        object.put("data", data);
        if (!Boolean.TRUE.equals(options.get("disableNameSuffixHash"))) {
            if (encode) {
                throw new UnsupportedOperationException("hashed Secret names are not rendered here: " + generator);
            }
            toHash.add(object);
        }
        return object;
    }

    /**
     * Kustomize's name suffix for a ConfigMap (text data only): the SHA-256 of Go's JSON encoding (keys sorted, HTML
     * characters escaped) of {@code {"data": …, "kind": "ConfigMap", "name": ""}}, the first ten hex digits with 0, 1,
     * 3, a and e swapped for g, h, k, m and t (no vowels nor their look-alikes: a suffix spells no word). The name is
     * empty indeed: kustomize (5.x) encodes none, so the suffix depends on the data alone; KubernetesManifestsTest
     * compares the result with kubectl's.
     */
    static String hash(Map<String, Object> data) {
        Map<String, Object> encoded = new TreeMap<>();
        encoded.put("data", new TreeMap<>(data));
        encoded.put("kind", "ConfigMap");
        encoded.put("name", "");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json(encoded).getBytes(StandardCharsets.UTF_8));
            StringBuilder suffix = new StringBuilder();
            for (char c : HexFormat.of().formatHex(digest).substring(0, 10).toCharArray()) {
                suffix.append(switch (c) {
                    case '0' -> 'g';
                    case '1' -> 'h';
                    case '3' -> 'k';
                    case 'a' -> 'm';
                    case 'e' -> 't';
                    default -> c;
                });
            }
            return suffix.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Go's encoding/json of string maps (sorted by the caller) and strings. */
    private static String json(Object value) {
        if (value instanceof Map<?, ?> m) {
            StringBuilder out = new StringBuilder("{");
            m.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append(json(k)).append(':').append(json(v)));
            return out.append('}').toString();
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : String.valueOf(value).toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                        out.append("\\u%04x".formatted((int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Kustomize's name references: a pod's volumes, envFrom and env that name a renamed ConfigMap or Secret. */
    private static void fixReferences(Map<String, Object> object, Map<String, String> renamed) {
        if (renamed.isEmpty()) {
            return;
        }
        Map<String, Object> spec = map(object.get("spec"));
        Map<String, Object> pod = "Pod".equals(object.get("kind")) ? spec : map(map(spec.get("template")).get("spec"));
        for (Map<String, Object> volume : maps(pod.get("volumes"))) {
            rename(map(volume.get("configMap")), "name", "ConfigMap", renamed);
            rename(map(volume.get("secret")), "secretName", "Secret", renamed);
            for (Map<String, Object> source : maps(map(volume.get("projected")).get("sources"))) {
                rename(map(source.get("configMap")), "name", "ConfigMap", renamed);
                rename(map(source.get("secret")), "name", "Secret", renamed);
            }
        }
        for (String field : List.of("containers", "initContainers")) {
            for (Map<String, Object> container : maps(pod.get(field))) {
                for (Map<String, Object> from : maps(container.get("envFrom"))) {
                    rename(map(from.get("configMapRef")), "name", "ConfigMap", renamed);
                    rename(map(from.get("secretRef")), "name", "Secret", renamed);
                }
                for (Map<String, Object> env : maps(container.get("env"))) {
                    Map<String, Object> valueFrom = map(env.get("valueFrom"));
                    rename(map(valueFrom.get("configMapKeyRef")), "name", "ConfigMap", renamed);
                    rename(map(valueFrom.get("secretKeyRef")), "name", "Secret", renamed);
                }
            }
        }
    }

    private static void rename(Map<String, Object> reference, String field, String kind, Map<String, String> renamed) {
        String now = renamed.get(kind + "/" + reference.get(field));
        if (now != null) {
            reference.put(field, now);
        }
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
