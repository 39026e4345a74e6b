package dev.emporium.deploy;

import static dev.emporium.deploy.Kustomize.map;
import static dev.emporium.deploy.Kustomize.maps;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/kubernetes, rendered: every overlay yields valid objects; every workload is probed, sized and runs as
 * non-root on a read-only filesystem without a service-account token; every Service and autoscaler points at a
 * workload; every NetworkPolicy allow is a flow of docs/architecture.md; order-service's gRPC calls reach the gRPC
 * ports of product- and payment-service; every variable the apps need is set and every Secret or ConfigMap they
 * reference exists.
 */
class KubernetesManifestsTest {

    private static final Path KUBERNETES = Repo.ROOT.resolve("deploy/kubernetes");
    private static final String MONOLITH = "emporium-monolith";
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    private static final Pattern FLOW_ROW = Pattern.compile("(?m)^\\| ([a-z0-9-]+) \\| ([a-z0-9-]+) \\| (\\d+)/(TCP|UDP) \\|(.*)$");

    private static List<Map<String, Object>> render(String overlay) {
        return Kustomize.build(KUBERNETES.resolve("overlays").resolve(overlay));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "mesh", "monolith"})
    void theJavaRendererAgreesWithKubectlWhereKubectlExists(String overlay) throws Exception {
        List<Map<String, Object>> kubectl = Kustomize.kubectl(KUBERNETES.resolve("overlays").resolve(overlay));
        if (kubectl == null) {
            System.err.println("""
                    ********************************************************************************
                    kubectl not found: overlays/%s rendered by the test's own Kustomize renderer only
                    ********************************************************************************""".formatted(overlay));
            return;
        }
        Map<String, Map<String, Object>> ours = render(overlay).stream()
                .collect(Collectors.toMap(Kustomize::key, o -> o));
        Map<String, Map<String, Object>> theirs = kubectl.stream().collect(Collectors.toMap(Kustomize::key, o -> o));
        assertThat(ours.keySet()).isEqualTo(theirs.keySet());
        theirs.forEach((key, object) -> assertThat(ours.get(key)).as(key).isEqualTo(object));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "mesh", "monolith"})
    void everyObjectIsWellFormedAndInTheOverlaysNamespace(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        String namespace = overlay.equals("dev") || overlay.equals("monolith") ? "emporium-dev" : "emporium";
        assertThat(objects).isNotEmpty().allSatisfy(object -> {
            assertThat(object.get("apiVersion")).as(Kustomize.key(object)).isNotNull();
            assertThat(object.get("kind")).isNotNull();
            String name = (String) map(object.get("metadata")).get("name");
            assertThat(name).as(Kustomize.key(object)).matches(DNS_LABEL).hasSizeLessThanOrEqualTo(63);
            if (!object.get("kind").equals("Namespace")) {
                assertThat(map(object.get("metadata")).get("namespace")).as(Kustomize.key(object)).isEqualTo(namespace);
            }
        });
        assertThat(objects.stream().map(Kustomize::key)).doesNotHaveDuplicates();
        assertThat(of(objects, "Namespace")).singleElement().satisfies(ns -> assertThat(
                map(map(ns.get("metadata")).get("labels"))).containsEntry("pod-security.kubernetes.io/enforce", "restricted"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "mesh", "monolith"})
    void everyWorkloadIsProbedSizedAndUnprivileged(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        Set<String> accounts = names(of(objects, "ServiceAccount"));
        List<Map<String, Object>> deployments = of(objects, "Deployment");
        assertThat(names(deployments)).containsAll(overlay.equals("monolith") ? List.of(MONOLITH) : Repo.CLUSTER_SERVICES);
        if (overlay.equals("monolith")) {
            List<String> ownDeployments = new ArrayList<>(Repo.CLUSTER_SERVICES);
            ownDeployments.removeAll(Repo.MONOLITH_MODULES);
            assertThat(names(deployments)).containsAll(ownDeployments);
        }
        for (Map<String, Object> deployment : deployments) {
            String name = name(deployment);
            Map<String, Object> pod = pod(deployment);
            assertThat(pod.get("automountServiceAccountToken")).as(name + " token").isEqualTo(false);
            assertThat(accounts).as(name + " service account").contains((String) pod.get("serviceAccountName"));
            assertThat(map(pod.get("securityContext")).get("runAsNonRoot")).as(name + " non-root").isEqualTo(true);
            for (Map<String, Object> container : maps(pod.get("containers"))) {
                String id = name + "/" + container.get("name");
                for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                    assertThat(container).as(id).containsKey(probe);
                }
                Map<String, Object> resources = map(container.get("resources"));
                assertThat(map(resources.get("requests"))).as(id + " requests").containsKeys("cpu", "memory");
                assertThat(map(resources.get("limits"))).as(id + " limits").containsKey("memory");
                Map<String, Object> security = map(container.get("securityContext"));
                assertThat(security).as(id).containsEntry("allowPrivilegeEscalation", false)
                        .containsEntry("readOnlyRootFilesystem", true);
                assertThat(map(security.get("capabilities")).get("drop")).as(id).isEqualTo(List.of("ALL"));
                if (Repo.CLUSTER_SERVICES.contains(name)) {
                    // the monolith overlay builds on dev: a service that is not a module keeps dev's image
                    boolean dev = overlay.equals("dev") || overlay.equals("monolith");
                    assertThat((String) container.get("image")).as(id + " image")
                            .startsWith(dev ? "emporium/" + name + ":dev" : "ghcr.io/emporium/" + name + ":");
                }
            }
        }
        assertThat(of(objects, "ServiceAccount")).allSatisfy(account ->
                assertThat(account.get("automountServiceAccountToken")).as(name(account)).isEqualTo(false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "mesh", "monolith"})
    void servicesBudgetsAndAutoscalersPointAtWorkloads(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        List<Map<String, Object>> deployments = of(objects, "Deployment");
        for (Map<String, Object> service : of(objects, "Service")) {
            Map<String, Object> selector = map(map(service.get("spec")).get("selector"));
            List<Map<String, Object>> selected = deployments.stream()
                    .filter(d -> podLabels(d).entrySet().containsAll(selector.entrySet())).toList();
            assertThat(selector).as(name(service)).isNotEmpty();
            assertThat(selected).as(name(service) + " selects a Deployment").hasSize(1);
            Set<Object> portNames = maps(maps(pod(selected.getFirst()).get("containers")).getFirst().get("ports")).stream()
                    .map(p -> p.get("name")).collect(Collectors.toSet());
            assertThat(maps(map(service.get("spec")).get("ports"))).allSatisfy(port ->
                    assertThat(portNames).as(name(service) + " targetPort").contains(port.get("targetPort")));
        }
        Set<String> workloads = names(deployments);
        for (Map<String, Object> hpa : of(objects, "HorizontalPodAutoscaler")) {
            assertThat(workloads).contains((String) map(map(hpa.get("spec")).get("scaleTargetRef")).get("name"));
        }
        for (Map<String, Object> scaler : of(objects, "ScaledObject")) {
            String target = (String) map(map(scaler.get("spec")).get("scaleTargetRef")).get("name");
            assertThat(workloads).contains(target);
            assertThat(of(objects, "HorizontalPodAutoscaler")).as("KEDA owns " + target + "'s autoscaler")
                    .noneMatch(h -> target.equals(map(map(h.get("spec")).get("scaleTargetRef")).get("name")));
        }
        for (Map<String, Object> budget : of(objects, "PodDisruptionBudget")) {
            Map<String, Object> labels = map(map(map(budget.get("spec")).get("selector")).get("matchLabels"));
            assertThat(deployments).as(name(budget)).anyMatch(d -> podLabels(d).entrySet().containsAll(labels.entrySet()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "mesh"})
    void everyVariableTheAppsNeedIsSetAndEveryReferenceResolves(String overlay) throws Exception {
        List<Map<String, Object>> objects = render(overlay);
        Map<String, Map<String, Object>> configMaps = of(objects, "ConfigMap").stream()
                .collect(Collectors.toMap(KubernetesManifestsTest::name, o -> map(o.get("data"))));
        Set<String> secrets = new HashSet<>(names(of(objects, "Secret")));
        of(objects, "ExternalSecret").forEach(e -> secrets.add((String) map(map(e.get("spec")).get("target")).get("name")));
        of(objects, "Cluster").forEach(c -> secrets.add(name(c) + "-app")); // CloudNativePG's application secret
        of(objects, "KafkaUser").forEach(u -> secrets.add(name(u))); // Strimzi's User Operator: the user's credentials

        for (String service : Repo.CLUSTER_SERVICES) {
            Map<String, Object> container = maps(pod(of(objects, "Deployment").stream()
                    .filter(d -> name(d).equals(service)).findFirst().orElseThrow()).get("containers")).getFirst();
            Set<String> variables = new TreeSet<>();
            for (Map<String, Object> from : maps(container.get("envFrom"))) {
                String configMap = (String) map(from.get("configMapRef")).get("name");
                assertThat(configMaps).as(service + " envFrom").containsKey(configMap);
                variables.addAll(configMaps.get(configMap).keySet());
            }
            for (Map<String, Object> env : maps(container.get("env"))) {
                variables.add((String) env.get("name"));
                Map<String, Object> secretRef = map(map(env.get("valueFrom")).get("secretKeyRef"));
                if (!secretRef.isEmpty() && !Boolean.TRUE.equals(secretRef.get("optional"))) {
                    assertThat(secrets).as(service + " " + env.get("name")).contains((String) secretRef.get("name"));
                }
            }
            List<String> needed = new ArrayList<>(List.of("PORT", "SPRING_PROFILES_ACTIVE", "EMPORIUM_INSTANCE_ID"));
            if (Repo.usesDatabase(service)) {
                // without them a service would write an H2 file onto a read-only filesystem
                needed.addAll(List.of("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD"));
            }
            if (Repo.usesKafka(service)) {
                needed.add("KAFKA_BOOTSTRAP_SERVERS");
            }
            needed.addAll(withoutDefault(service));
            assertThat(variables).as(service).containsAll(needed);
            assertThat(configMaps.get("emporium-config")).containsEntry("SPRING_PROFILES_ACTIVE", "kubernetes");
        }
    }

    /**
     * overlays/monolith: one Deployment runs the six services; each Service still answers on its port, now from the
     * monolith's pod, and each module gets what its own Deployment gives it in the other overlays, under its prefix.
     * A cluster service that is not a module (analytics-service) keeps its own Deployment, and its policies let it and
     * the monolith (its gateway and user-service modules) reach each other.
     */
    @Test
    void theMonolithOverlayRunsEveryServiceInOnePodBehindTheSameServices() throws Exception {
        List<Map<String, Object>> objects = render("monolith");
        List<Map<String, Object>> dev = render("dev");
        assertThat(names(of(objects, "Deployment"))).doesNotContainAnyElementsOf(Repo.MONOLITH_MODULES).contains(MONOLITH);
        assertThat(names(of(objects, "Service"))).containsAll(Repo.CLUSTER_SERVICES);
        Map<String, Object> monolith = of(objects, "Deployment").stream().filter(d -> name(d).equals(MONOLITH))
                .findFirst().orElseThrow();
        Map<String, Object> container = maps(pod(monolith).get("containers")).getFirst();
        assertThat((String) container.get("image")).startsWith("emporium/monolith:dev");
        Map<String, Object> env = new HashMap<>();
        maps(container.get("env")).forEach(e -> env.put((String) e.get("name"), e.containsKey("value") ? e.get("value") : e.get("valueFrom")));
        Map<Object, Object> portsByName = new HashMap<>();
        maps(container.get("ports")).forEach(p -> portsByName.put(p.get("name"), p.get("containerPort")));
        for (String service : Repo.MONOLITH_MODULES) {
            String prefix = service.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_";
            Map<String, Object> own = of(dev, "Deployment").stream().filter(d -> name(d).equals(service)).findFirst().orElseThrow();
            for (Map<String, Object> variable : maps(maps(pod(own).get("containers")).getFirst().get("env"))) {
                String name = (String) variable.get("name");
                if (name.startsWith("SPRING_KAFKA_")) {
                    // one pod, one Kafka identity: the login is the pod's, for every module (KafkaAclsTest)
                    assertThat(env).as(service + "'s " + name + " in the monolith, shared by every module").containsKey(name);
                } else if (!name.equals("EMPORIUM_INSTANCE_ID") && !name.equals("EMPORIUM_PROCESSOR_URL")) {
                    assertThat(env).as(service + "'s " + name + " in the monolith").containsKey(prefix + name);
                }
            }
            Map<String, Object> serviceObject = of(objects, "Service").stream().filter(o -> name(o).equals(service))
                    .findFirst().orElseThrow();
            Map<String, Object> port = maps(map(serviceObject.get("spec")).get("ports")).getFirst();
            assertThat(portsByName.get(port.get("targetPort"))).as(service + " Service reaches its module's port")
                    .isEqualTo(Integer.parseInt(String.valueOf(env.get(prefix + "PORT"))));
            if (!service.equals("api-gateway")) {
                assertThat(env).as("the modules call " + service + " in the pod")
                        .containsEntry("EMPORIUM_" + prefix + "URL", "http://localhost:" + env.get(prefix + "PORT"));
            }
            Object grpcPort = env.get(prefix + "GRPC_PORT");
            if (grpcPort != null) {
                assertThat(env).as("the modules call " + service + " over gRPC in the pod")
                        .containsEntry("EMPORIUM_" + prefix + "GRPC_PORT", grpcPort);
                assertThat(maps(map(serviceObject.get("spec")).get("ports"))).as(service + " Service reaches its module's gRPC port")
                        .anySatisfy(p -> assertThat(portsByName.get(p.get("targetPort")))
                                .isEqualTo(Integer.parseInt(String.valueOf(grpcPort))));
            }
        }
        assertThat(env).as("the cluster services the monolith does not host run extracted")
                .containsEntry("EMPORIUM_EXTRACTED", String.join(",", Repo.CLUSTER_SERVICES.stream()
                        .filter(s -> !Repo.MONOLITH_MODULES.contains(s)).toList()));

        List<Map<String, Object>> policies = of(objects, "NetworkPolicy");
        for (String service : Repo.CLUSTER_SERVICES) {
            if (Repo.MONOLITH_MODULES.contains(service)) {
                continue;
            }
            Map<String, Object> own = of(objects, "Deployment").stream().filter(d -> name(d).equals(service))
                    .findFirst().orElseThrow(() -> new AssertionError(service + " has its own Deployment beside the monolith"));
            Map<String, Object> serviceObject = of(objects, "Service").stream().filter(o -> name(o).equals(service))
                    .findFirst().orElseThrow();
            assertThat(map(map(serviceObject.get("spec")).get("selector"))).as(service + " Service")
                    .isEqualTo(Map.of("app.kubernetes.io/name", service));
            Object port = maps(maps(pod(own).get("containers")).getFirst().get("ports")).getFirst().get("containerPort");
            assertThat(allows(policies, MONOLITH, service, port)).as("the gateway module reaches " + service).isTrue();
            assertThat(allows(policies, service, MONOLITH, 8081)).as(service + " reaches the user-service module (JWKS)").isTrue();
        }
    }

    /** Whether some policy selecting {@code from} lets it out to {@code to}'s port, and some selecting {@code to} lets it in. */
    static boolean allows(List<Map<String, Object>> policies, String from, String to, Object port) {
        String wanted = port + "/TCP";
        boolean out = false;
        boolean in = false;
        for (Map<String, Object> policy : policies) {
            Map<String, Object> spec = map(policy.get("spec"));
            String self = peerName(Map.of("podSelector", spec.get("podSelector")));
            if (self.equals(from)) {
                out |= maps(spec.get("egress")).stream().anyMatch(rule -> ports(rule).contains(wanted)
                        && maps(rule.get("to")).stream().anyMatch(peer -> peerName(peer).equals(to)));
            }
            if (self.equals(to)) {
                in |= maps(spec.get("ingress")).stream().anyMatch(rule -> ports(rule).contains(wanted)
                        && maps(rule.get("from")).stream().anyMatch(peer -> peerName(peer).equals(from)));
            }
        }
        return out && in;
    }

    @Test
    void everyNetworkPolicyAllowIsADocumentedFlow() throws Exception {
        Set<String> flows = new TreeSet<>();
        // flows to the card-processor simulator, which stands in for an external provider in dev only
        Set<String> devOnly = new TreeSet<>();
        Matcher row = FLOW_ROW.matcher(Files.readString(Repo.ROOT.resolve("docs/architecture.md")));
        while (row.find()) {
            String flow = row.group(1) + " -> " + row.group(2) + " " + row.group(3) + "/" + row.group(4);
            flows.add(flow);
            if (row.group(5).contains("dev only")) {
                devOnly.add(flow);
            }
        }
        assertThat(flows).as("the flows table of docs/architecture.md").hasSizeGreaterThan(20);
        for (String overlay : List.of("dev", "prod")) {
            Set<String> expected = new TreeSet<>(flows);
            if (!overlay.equals("dev")) {
                expected.removeAll(devOnly);
            }
            Set<String> allowed = new TreeSet<>();
            for (Map<String, Object> policy : of(render(overlay), "NetworkPolicy")) {
                Map<String, Object> spec = map(policy.get("spec"));
                String self = peerName(Map.of("podSelector", spec.get("podSelector")));
                for (Map<String, Object> rule : maps(spec.get("ingress"))) {
                    for (Map<String, Object> from : maps(rule.get("from"))) {
                        ports(rule).forEach(port -> allowed.add(peerName(from) + " -> " + self + " " + port));
                    }
                }
                for (Map<String, Object> rule : maps(spec.get("egress"))) {
                    for (Map<String, Object> to : maps(rule.get("to"))) {
                        ports(rule).forEach(port -> allowed.add(self + " -> " + peerName(to) + " " + port));
                    }
                }
            }
            assertThat(allowed).as(overlay + ": every allow is a documented flow").isSubsetOf(expected);
            assertThat(expected).as(overlay + ": every documented flow is allowed (Kafka's by Strimzi)")
                    .allMatch(flow -> allowed.contains(flow) || flow.contains("-> kafka "));
            assertThat(of(render(overlay), "NetworkPolicy")).as("default deny").anyMatch(p -> name(p).equals("default-deny")
                    && map(p.get("spec")).get("ingress") == null && map(p.get("spec")).get("egress") == null);
        }
        Map<String, Object> listener = maps(map(map(of(render("prod"), "Kafka").getFirst().get("spec")).get("kafka"))
                .get("listeners")).getFirst();
        Set<String> kafkaPeers = maps(listener.get("networkPolicyPeers")).stream().map(KubernetesManifestsTest::peerName)
                .map(peer -> peer + " -> kafka " + listener.get("port") + "/TCP").collect(Collectors.toCollection(TreeSet::new));
        assertThat(kafkaPeers).isEqualTo(flows.stream().filter(f -> f.contains("-> kafka ")).collect(Collectors.toSet()));
    }

    /**
     * order-service's two synchronous calls are gRPC: product-service and payment-service serve it on a port of their
     * own (GRPC_PORT), their Services expose it as {@code grpc} (appProtocol grpc, so a mesh balances per call), and the
     * policies let order-service reach that port and not the HTTP one, which stays the gateway's.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "mesh"})
    void orderServiceReachesProductAndPaymentServiceOverGrpc(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        List<Map<String, Object>> policies = of(objects, "NetworkPolicy");
        Map<String, List<Integer>> httpAndGrpcPorts = Map.of("product-service", List.of(8082, 9082),
                "payment-service", List.of(8084, 9084));
        for (Map.Entry<String, List<Integer>> callee : httpAndGrpcPorts.entrySet()) {
            String service = callee.getKey();
            int http = callee.getValue().get(0);
            int grpc = callee.getValue().get(1);
            Map<String, Object> container = maps(pod(of(objects, "Deployment").stream().filter(d -> name(d).equals(service))
                    .findFirst().orElseThrow()).get("containers")).getFirst();
            assertThat(maps(container.get("env"))).as(service + " GRPC_PORT").anySatisfy(env -> assertThat(env)
                    .containsEntry("name", "GRPC_PORT").containsEntry("value", String.valueOf(grpc)));
            assertThat(maps(container.get("ports"))).as(service + " container port").anySatisfy(port -> assertThat(port)
                    .containsEntry("name", "grpc").containsEntry("containerPort", grpc));
            Map<String, Object> serviceObject = of(objects, "Service").stream().filter(o -> name(o).equals(service))
                    .findFirst().orElseThrow();
            assertThat(maps(map(serviceObject.get("spec")).get("ports"))).as(service + " Service")
                    .anySatisfy(port -> assertThat(port).containsEntry("name", "grpc").containsEntry("port", grpc)
                            .containsEntry("targetPort", "grpc").containsEntry("appProtocol", "grpc"));
            assertThat(allows(policies, "order-service", service, grpc)).as("order-service reaches " + service + " over gRPC")
                    .isTrue();
            assertThat(allows(policies, "order-service", service, http)).as("order-service makes no HTTP call to " + service)
                    .isFalse();
            assertThat(allows(policies, "api-gateway", service, http)).as("the gateway reaches " + service + " over HTTP")
                    .isTrue();
            if (overlay.equals("mesh")) {
                Map<String, Object> authorization = of(objects, "AuthorizationPolicy").stream()
                        .filter(o -> name(o).equals(service)).findFirst().orElseThrow();
                assertThat(maps(map(authorization.get("spec")).get("rules"))).as(service + "'s AuthorizationPolicy")
                        .anySatisfy(rule -> {
                            assertThat(maps(rule.get("from"))).anySatisfy(from -> assertThat(map(from.get("source"))
                                    .get("principals")).isEqualTo(List.of("cluster.local/ns/emporium/sa/order-service")));
                            assertThat(maps(rule.get("to"))).anySatisfy(to -> assertThat(map(to.get("operation"))
                                    .get("ports")).isEqualTo(List.of(String.valueOf(grpc))));
                        });
            }
        }
    }

    /** A policy peer as the flows table names it. */
    private static String peerName(Map<String, Object> peer) {
        Map<String, Object> pods = map(map(peer.get("podSelector")).get("matchLabels"));
        Map<String, Object> namespaces = map(map(peer.get("namespaceSelector")).get("matchLabels"));
        if (peer.containsKey("ipBlock")) {
            return "smtp-relay";
        }
        if (!namespaces.isEmpty()) {
            String namespace = (String) namespaces.get("kubernetes.io/metadata.name");
            return switch (namespace) {
                case "kube-system" -> Objects.equals(pods.get("k8s-app"), "kube-dns") ? "kube-dns" : "kube-system";
                case "ingress-nginx" -> "ingress-controller";
                case "monitoring" -> "prometheus";
                case "observability" -> "otel-collector";
                case "cnpg-system" -> "cnpg-operator";
                case "keda" -> "keda-operator";
                default -> "namespace " + namespace;
            };
        }
        if (pods.containsKey("app.kubernetes.io/name")) {
            return (String) pods.get("app.kubernetes.io/name");
        }
        if (pods.containsKey("cnpg.io/cluster")) {
            return (String) pods.get("cnpg.io/cluster");
        }
        if (pods.containsKey("strimzi.io/cluster")) {
            return "kafka";
        }
        return "pods " + pods;
    }

    private static List<String> ports(Map<String, Object> rule) {
        return maps(rule.get("ports")).stream().map(p -> p.get("port") + "/" + p.getOrDefault("protocol", "TCP")).toList();
    }

    /** Variables a service's application.yml reads with no default: the cluster must set them. */
    private static Set<String> withoutDefault(String service) throws Exception {
        String yml = Files.readString(Repo.ROOT.resolve("services").resolve(service).resolve("src/main/resources/application.yml"));
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}").matcher(yml);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    static List<Map<String, Object>> of(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    static String name(Map<String, Object> object) {
        return (String) map(object.get("metadata")).get("name");
    }

    static Set<String> names(List<Map<String, Object>> objects) {
        return objects.stream().map(KubernetesManifestsTest::name).collect(Collectors.toSet());
    }

    private static Map<String, Object> podLabels(Map<String, Object> deployment) {
        return map(map(map(map(deployment.get("spec")).get("template")).get("metadata")).get("labels"));
    }

    private static Map<String, Object> pod(Map<String, Object> deployment) {
        return map(map(map(deployment.get("spec")).get("template")).get("spec"));
    }
}
