package dev.emporium.deploy;

import static dev.emporium.deploy.KubernetesManifestsTest.allows;
import static dev.emporium.deploy.KubernetesManifestsTest.name;
import static dev.emporium.deploy.KubernetesManifestsTest.of;
import static dev.emporium.deploy.Kustomize.map;
import static dev.emporium.deploy.Kustomize.maps;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Service identity: the client secrets of the services at user-service's token endpoint (POST /oauth2/token, client
 * credentials) live in ONE Secret, {@code emporium-service-clients}, one key per client, named like the service. Each
 * client reads {@code EMPORIUM_CLIENT_SECRET} from its own key and no other; user-service (the monolith's user-service
 * module) reads every client's {@code EMPORIUM_CLIENT_SECRET_<CLIENT>}; no other workload touches the Secret. dev
 * generates it, prod (and mesh) copy it from the store, with exactly the clients' keys. The clients reach the token
 * endpoint (user-service:8081) through the NetworkPolicies, and through the AuthorizationPolicy in the mesh.
 */
class ServiceClientSecretsTest {

    private static final Path KUBERNETES = Repo.ROOT.resolve("deploy/kubernetes");
    static final String SECRET = "emporium-service-clients";
    /** The services with a client at user-service's token endpoint (its application.yml, emporium.authorization-server). */
    static final List<String> CLIENTS = List.of("product-service", "order-service", "payment-service",
            "notification-service", "analytics-service");
    private static final String USER_SERVICE = "user-service";
    private static final String MONOLITH = "emporium-monolith";
    private static final String OWN = "EMPORIUM_CLIENT_SECRET";
    private static final int USER_SERVICE_PORT = 8081;
    /** The kinds whose pods could read a Secret. */
    private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob",
            "ReplicaSet", "Pod");

    private static List<Map<String, Object>> render(String overlay) {
        return Kustomize.build(KUBERNETES.resolve("overlays").resolve(overlay));
    }

    /** {@code EMPORIUM_CLIENT_SECRET_ORDER_SERVICE}: user-service's variable for a client's secret. */
    static String clientVariable(String client) {
        return OWN + "_" + prefix(client);
    }

    /** A monolith module's prefix without the trailing underscore: {@code ORDER_SERVICE}. */
    private static String prefix(String service) {
        return service.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * What each workload should read from the Secret (variable -> key): a client its own key as EMPORIUM_CLIENT_SECRET,
     * user-service every key, the monolith the same for the modules it hosts, each under the module's prefix.
     */
    private static Map<String, String> expectedReferences(String workload) {
        Map<String, String> expected = new TreeMap<>();
        if (CLIENTS.contains(workload)) {
            expected.put(OWN, workload);
        } else if (workload.equals(USER_SERVICE)) {
            CLIENTS.forEach(client -> expected.put(clientVariable(client), client));
        } else if (workload.equals(MONOLITH)) {
            for (String module : Repo.MONOLITH_MODULES) {
                if (CLIENTS.contains(module)) {
                    expected.put(prefix(module) + "_" + OWN, module);
                }
            }
            if (Repo.MONOLITH_MODULES.contains(USER_SERVICE)) {
                CLIENTS.forEach(client -> expected.put(prefix(USER_SERVICE) + "_" + clientVariable(client), client));
            }
        }
        return expected;
    }

    /**
     * Every workload reads exactly what {@link #expectedReferences} gives it, as required single-key references (no
     * envFrom of the whole Secret, no volume of it, no {@code optional}); every client's own secret and user-service's
     * copy of all of them are read somewhere: by the service's Deployment, or by its module in the monolith.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "mesh", "monolith"})
    void everyServiceReadsItsOwnClientSecretAndOnlyUserServiceReadsThemAll(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        List<String> problems = new ArrayList<>();
        Set<String> workloads = new TreeSet<>();
        for (Map<String, Object> workload : objects) {
            if (!WORKLOADS.contains((String) workload.get("kind"))) {
                continue;
            }
            String id = overlay + " " + workload.get("kind") + " " + name(workload);
            workloads.add(name(workload));
            Map<String, String> actual = references(workload, id, problems);
            Map<String, String> expected = expectedReferences(name(workload));
            if (!actual.equals(expected)) {
                problems.add(id + " reads " + describe(actual) + " of " + SECRET + ", not " + describe(expected));
            }
        }
        assertThat(problems).as(overlay + ": who reads which key of " + SECRET).isEmpty();

        // nothing is left without its secret: each client and user-service run as a Deployment or a monolith module
        for (String service : Stream.concat(CLIENTS.stream(), Stream.of(USER_SERVICE)).toList()) {
            boolean module = overlay.equals("monolith") && Repo.MONOLITH_MODULES.contains(service);
            assertThat(module ? workloads.contains(MONOLITH) : workloads.contains(service))
                    .as(overlay + ": " + service + " runs (own Deployment or monolith module) and so reads its keys")
                    .isTrue();
            assertThat(module && workloads.contains(service)).as(overlay + ": " + service + " runs once").isFalse();
        }
    }

    /**
     * The Secret holds exactly one key per client: generated in dev (and the monolith, built on dev) with values that
     * are not placeholders, copied by External Secrets from {@code emporium/service-clients} in prod and the mesh,
     * where no Secret of that name is in the manifests.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "mesh", "monolith"})
    void theSecretHoldsExactlyOneKeyPerClient(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        List<Map<String, Object>> secrets = of(objects, "Secret").stream().filter(s -> name(s).equals(SECRET)).toList();
        List<Map<String, Object>> external = of(objects, "ExternalSecret").stream()
                .filter(e -> SECRET.equals(map(map(e.get("spec")).get("target")).get("name"))).toList();
        Set<String> clients = new TreeSet<>(CLIENTS);
        if (overlay.equals("dev") || overlay.equals("monolith")) {
            assertThat(external).as(overlay + ": no ExternalSecret for " + SECRET).isEmpty();
            assertThat(secrets).as(overlay + ": the generated Secret " + SECRET).hasSize(1);
            Map<String, Object> data = map(secrets.getFirst().get("data"));
            assertThat(data.keySet()).as(overlay + ": the keys of " + SECRET).isEqualTo(clients);
            Set<String> values = new HashSet<>();
            data.forEach((key, encoded) -> {
                String value = new String(Base64.getDecoder().decode((String) encoded), StandardCharsets.UTF_8);
                assertThat(value).as(overlay + " " + SECRET + " " + key + ": a random-looking dev secret")
                        .hasSizeGreaterThanOrEqualTo(32).doesNotContainIgnoringCase("changeme")
                        .doesNotContainIgnoringCase("secret").doesNotContainIgnoringCase("password")
                        .doesNotContain(key);
                values.add(value);
            });
            assertThat(values).as(overlay + ": every client its own secret").hasSameSizeAs(clients);
        } else {
            assertThat(secrets).as(overlay + ": no secret values in the manifests, " + SECRET + " comes from the store")
                    .isEmpty();
            assertThat(external).as(overlay + ": the ExternalSecret for " + SECRET).hasSize(1);
            Map<String, Object> spec = map(external.getFirst().get("spec"));
            assertThat(name(external.getFirst())).isEqualTo(SECRET);
            assertThat(spec.get("dataFrom")).as(overlay + ": named keys only, not the store entry's every property")
                    .isNull();
            assertThat(map(spec.get("secretStoreRef"))).as(overlay + " " + SECRET + " store")
                    .containsEntry("kind", "ClusterSecretStore").containsEntry("name", "vault");
            Map<String, String> keys = new TreeMap<>();
            for (Map<String, Object> entry : maps(spec.get("data"))) {
                Map<String, Object> remote = map(entry.get("remoteRef"));
                assertThat(remote).as(overlay + " " + SECRET + " " + entry.get("secretKey"))
                        .containsEntry("key", "emporium/service-clients");
                keys.put((String) entry.get("secretKey"), (String) remote.get("property"));
            }
            assertThat(maps(spec.get("data"))).as(overlay + ": each key once").hasSameSizeAs(keys.keySet());
            assertThat(keys.keySet()).as(overlay + ": the keys of " + SECRET).isEqualTo(clients);
            keys.forEach((key, property) -> assertThat(property).as(overlay + " " + SECRET + " " + key + " property")
                    .isEqualTo(key));
        }
    }

    /**
     * Every client reaches the token endpoint, user-service:8081 (lb://user-service resolves there under the
     * kubernetes profile, so no workload points EMPORIUM_TOKEN_URI elsewhere): both ends' NetworkPolicies allow it,
     * and in the mesh user-service's AuthorizationPolicy admits each client's service account on that port and path.
     * In the monolith the modules ask the user-service module on localhost; an extracted client goes to the pod.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "mesh", "monolith"})
    void everyClientReachesTheTokenEndpoint(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        List<Map<String, Object>> policies = of(objects, "NetworkPolicy");
        for (Map<String, Object> workload : objects) {
            if (WORKLOADS.contains((String) workload.get("kind"))) {
                assertThat(env(workload).keySet()).as(overlay + " " + name(workload) + ": the token endpoint is found by "
                        + "its Service name").noneMatch(variable -> variable.endsWith("EMPORIUM_TOKEN_URI"));
            }
        }
        for (String client : CLIENTS) {
            if (overlay.equals("monolith") && Repo.MONOLITH_MODULES.contains(client)) {
                Map<String, Object> monolith = of(objects, "Deployment").stream().filter(d -> name(d).equals(MONOLITH))
                        .findFirst().orElseThrow();
                assertThat(env(monolith).get("EMPORIUM_USER_SERVICE_URL")).as(client + "'s module asks user-service's in the pod")
                        .containsEntry("value", "http://localhost:" + USER_SERVICE_PORT);
                continue;
            }
            String server = overlay.equals("monolith") && Repo.MONOLITH_MODULES.contains(USER_SERVICE) ? MONOLITH : USER_SERVICE;
            assertThat(allows(policies, client, server, USER_SERVICE_PORT))
                    .as(overlay + ": the NetworkPolicies let " + client + " reach " + server + ":" + USER_SERVICE_PORT)
                    .isTrue();
        }
        Map<String, Object> service = of(objects, "Service").stream().filter(s -> name(s).equals(USER_SERVICE))
                .findFirst().orElseThrow();
        assertThat(maps(map(service.get("spec")).get("ports"))).as(overlay + ": the user-service Service's port")
                .anySatisfy(port -> assertThat(port.get("port")).isEqualTo(USER_SERVICE_PORT));
        if (overlay.equals("mesh")) {
            String namespace = (String) map(service.get("metadata")).get("namespace");
            Map<String, Object> authorization = of(objects, "AuthorizationPolicy").stream()
                    .filter(p -> USER_SERVICE.equals(map(map(map(p.get("spec")).get("selector")).get("matchLabels"))
                            .get("app.kubernetes.io/name"))).findFirst().orElseThrow();
            assertThat(map(authorization.get("spec")).getOrDefault("action", "ALLOW")).isEqualTo("ALLOW");
            for (String client : CLIENTS) {
                String principal = "cluster.local/ns/" + namespace + "/sa/" + client;
                assertThat(maps(map(authorization.get("spec")).get("rules")))
                        .as("mesh: user-service's AuthorizationPolicy admits %s to POST /oauth2/token on %d", principal,
                                USER_SERVICE_PORT)
                        .anyMatch(rule -> admits(rule, principal, String.valueOf(USER_SERVICE_PORT), "/oauth2/token"));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /**
     * The workload's references to the Secret, variable -> key, from every container; anything but a required
     * single-key reference is a problem of its own.
     */
    private static Map<String, String> references(Map<String, Object> workload, String id, List<String> problems) {
        Map<String, Object> pod = pod(workload);
        Map<String, String> references = new TreeMap<>();
        for (Map<String, Object> container : containers(pod)) {
            String where = id + "/" + container.get("name");
            for (Map<String, Object> env : maps(container.get("env"))) {
                Map<String, Object> ref = map(map(env.get("valueFrom")).get("secretKeyRef"));
                if (!SECRET.equals(ref.get("name"))) {
                    continue;
                }
                if (ref.containsKey("optional") && !Boolean.FALSE.equals(ref.get("optional"))) {
                    problems.add(where + " " + env.get("name") + ": optional (a missing key must stop the rollout)");
                }
                if (references.put((String) env.get("name"), (String) ref.get("key")) != null) {
                    problems.add(where + " " + env.get("name") + ": set twice");
                }
            }
            for (Map<String, Object> from : maps(container.get("envFrom"))) {
                if (SECRET.equals(map(from.get("secretRef")).get("name"))) {
                    problems.add(where + ": envFrom imports every key of " + SECRET);
                }
            }
        }
        for (Map<String, Object> volume : maps(pod.get("volumes"))) {
            boolean mounted = SECRET.equals(map(volume.get("secret")).get("secretName"))
                    || maps(map(volume.get("projected")).get("sources")).stream()
                    .anyMatch(source -> SECRET.equals(map(source.get("secret")).get("name")));
            if (mounted) {
                problems.add(id + ": volume " + volume.get("name") + " mounts " + SECRET);
            }
        }
        return references;
    }

    /** Whether an ALLOW rule lets {@code principal} send a request for {@code path} to {@code port}. */
    private static boolean admits(Map<String, Object> rule, String principal, String port, String path) {
        boolean from = !rule.containsKey("from") || maps(rule.get("from")).stream().anyMatch(f -> {
            Map<String, Object> source = map(f.get("source"));
            return source.keySet().equals(Set.of("principals"))
                    && Kustomize.strings(source.get("principals")).contains(principal);
        });
        boolean to = !rule.containsKey("to") || maps(rule.get("to")).stream().anyMatch(t -> {
            Map<String, Object> operation = map(t.get("operation"));
            Set<String> known = Set.of("ports", "paths", "methods");
            return known.containsAll(operation.keySet())
                    && (!operation.containsKey("ports") || Kustomize.strings(operation.get("ports")).contains(port))
                    && (!operation.containsKey("paths") || Kustomize.strings(operation.get("paths")).contains(path))
                    && (!operation.containsKey("methods") || Kustomize.strings(operation.get("methods")).contains("POST"));
        });
        return from && to && !rule.containsKey("when");
    }

    private static Map<String, Object> pod(Map<String, Object> workload) {
        Map<String, Object> spec = map(workload.get("spec"));
        return switch ((String) workload.get("kind")) {
            case "Pod" -> spec;
            case "CronJob" -> map(map(map(map(spec.get("jobTemplate")).get("spec")).get("template")).get("spec"));
            default -> map(map(spec.get("template")).get("spec"));
        };
    }

    private static List<Map<String, Object>> containers(Map<String, Object> pod) {
        List<Map<String, Object>> containers = new ArrayList<>(maps(pod.get("containers")));
        containers.addAll(maps(pod.get("initContainers")));
        return containers;
    }

    /** The variables of the workload's containers, by name. */
    private static Map<String, Map<String, Object>> env(Map<String, Object> workload) {
        Map<String, Map<String, Object>> env = new LinkedHashMap<>();
        containers(pod(workload)).forEach(c -> maps(c.get("env")).forEach(e -> env.put((String) e.get("name"), e)));
        return env;
    }

    private static String describe(Map<String, String> references) {
        return references.isEmpty() ? "nothing" : references.toString();
    }
}
