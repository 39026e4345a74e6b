package dev.emporium.deploy;

import static dev.emporium.deploy.KubernetesManifestsTest.name;
import static dev.emporium.deploy.KubernetesManifestsTest.names;
import static dev.emporium.deploy.KubernetesManifestsTest.of;
import static dev.emporium.deploy.Kustomize.map;
import static dev.emporium.deploy.Kustomize.maps;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Kafka identities, against docs/events.md's "Access" tables: every service that uses Kafka logs in as a KafkaUser of
 * its own over the TLS listener, and that user's ACLs are exactly what the tables give it (no more, no less); the
 * monolith's one user holds the union of its modules'; KEDA may only describe what notification-service's group reads;
 * the brokers have no unauthenticated listener and let ACLs decide. The tables themselves are checked against the
 * services' code (their listeners' topics and groups, the topics they name) and against the declared KafkaTopics.
 */
class KafkaAclsTest {

    private static final Path KUBERNETES = Repo.ROOT.resolve("deploy/kubernetes");
    private static final Path EVENTS = Repo.ROOT.resolve("docs/events.md");
    private static final String CLUSTER = "emporium-kafka";
    private static final String CA_SECRET = CLUSTER + "-cluster-ca-cert";
    private static final String MONOLITH = "emporium-monolith";
    private static final String ACCESS_HEADING = "## Access: who writes and reads each topic";
    private static final String TOPICS_HEADER = "| topic | written by | read by (consumer group) | dead-lettered by |";
    private static final String EXTRAS_HEADER = "| identity | resource | name | pattern | operations | why |";
    private static final Pattern READER = Pattern.compile("([a-z0-9-]+) \\(group ([A-Za-z0-9._-]+)\\)");
    private static final Pattern SERVICE = Pattern.compile("[a-z0-9-]+");
    private static final Pattern TOPIC_CONSTANT = Pattern.compile("\\b([A-Z][A-Za-z]*Topics)\\.([A-Z][A-Z0-9_]*)\\b");

    /** One ACL, flattened: Strimzi's rules group operations per resource, Kafka grants them one by one. */
    record Acl(String type, String name, String pattern, String operation) implements Comparable<Acl> {

        private static final Comparator<Acl> ORDER = Comparator.comparing(Acl::type).thenComparing(Acl::name)
                .thenComparing(Acl::pattern).thenComparing(Acl::operation);

        static Acl topic(String topic, String operation) {
            return new Acl("topic", topic, "literal", operation);
        }

        @Override
        public int compareTo(Acl other) {
            return ORDER.compare(this, other);
        }

        @Override
        public String toString() {
            return operation + " on " + type + " " + name + (pattern.equals("literal") ? "" : "* (" + pattern + ")");
        }
    }

    /** A row of the topics table. */
    record TopicAccess(String topic, List<String> writers, Map<String, String> readerGroups, List<String> deadLetterers) {
    }

    /** A row of the second table: a grant beyond the topic rules. */
    record Grant(String identity, Acl acl) {
    }

    // ---------------------------------------------------------------------------------------------- the catalog

    static List<TopicAccess> topicTable() {
        List<TopicAccess> rows = new ArrayList<>();
        for (List<String> cells : table(TOPICS_HEADER)) {
            String topic = unquote(cells.get(0));
            Map<String, String> readers = new LinkedHashMap<>();
            for (String reader : list(cells.get(2))) {
                Matcher m = READER.matcher(reader);
                assertThat(m.matches()).as("docs/events.md, %s: a reader is \"<service> (group <group>)\", not \"%s\"",
                        topic, reader).isTrue();
                readers.put(m.group(1), m.group(2));
            }
            List<String> writers = services(topic, list(cells.get(1)));
            List<String> deadLetterers = services(topic, list(cells.get(3)));
            assertThat(readers.keySet()).as("docs/events.md, %s: only a reader dead-letters", topic).containsAll(deadLetterers);
            rows.add(new TopicAccess(topic, writers, readers, deadLetterers));
        }
        assertThat(rows).as("the topics table of docs/events.md \"Access\"").isNotEmpty();
        assertThat(rows.stream().map(TopicAccess::topic)).as("one row per topic").doesNotHaveDuplicates();
        return rows;
    }

    static List<Grant> grantTable() {
        List<Grant> grants = new ArrayList<>();
        for (List<String> cells : table(EXTRAS_HEADER)) {
            String identity = cells.get(0);
            String type = cells.get(1);
            String resource = unquote(cells.get(2));
            String pattern = cells.get(3);
            assertThat(type).as("docs/events.md, %s: resource type", identity).isIn("topic", "group", "transactionalId", "cluster");
            assertThat(pattern).as("docs/events.md, %s: pattern", identity).isIn("literal", "prefix");
            for (String operation : list(cells.get(4))) {
                grants.add(new Grant(identity, new Acl(type, resource, pattern, operation)));
            }
        }
        return grants;
    }

    /** What each identity may do, by the rules of docs/events.md "Access". */
    static Map<String, Set<Acl>> expected() {
        Map<String, Set<Acl>> acls = new TreeMap<>();
        for (TopicAccess row : topicTable()) {
            for (String writer : row.writers()) {
                acls.computeIfAbsent(writer, k -> new TreeSet<>()).addAll(List.of(Acl.topic(row.topic(), "Write"),
                        Acl.topic(row.topic(), "Describe")));
            }
            row.readerGroups().forEach((reader, group) -> acls.computeIfAbsent(reader, k -> new TreeSet<>())
                    .addAll(List.of(Acl.topic(row.topic(), "Read"), Acl.topic(row.topic(), "Describe"),
                            new Acl("group", group, "literal", "Read"))));
            for (String deadLetterer : row.deadLetterers()) {
                String dlt = row.topic() + ".DLT";
                acls.computeIfAbsent(deadLetterer, k -> new TreeSet<>()).addAll(List.of(Acl.topic(dlt, "Write"),
                        Acl.topic(dlt, "Describe")));
            }
        }
        for (Grant grant : grantTable()) {
            assertThat(acls).as("docs/events.md: a grant for %s, who has no topic", grant.identity())
                    .containsKey(grant.identity());
            acls.get(grant.identity()).add(grant.acl());
        }
        return acls;
    }

    // ---------------------------------------------------------------------------------------------- the tests

    @Test
    void theTopicsOfTheTablesAreExactlyTheDeclaredKafkaTopicsAndTheirDeadLetterTopics() {
        Set<String> declared = new TreeSet<>();
        for (Map<String, Object> topic : of(render("prod"), "KafkaTopic")) {
            Map<String, Object> spec = map(topic.get("spec"));
            declared.add((String) spec.getOrDefault("topicName", name(topic)));
            assertThat(map(map(topic.get("metadata")).get("labels"))).as(name(topic)).containsEntry("strimzi.io/cluster", CLUSTER);
        }
        Set<String> inTables = new TreeSet<>();
        for (TopicAccess row : topicTable()) {
            inTables.add(row.topic());
            inTables.add(row.topic() + ".DLT");
        }
        assertThat(declared).as("kafka.yaml's KafkaTopics: every topic of docs/events.md \"Access\" and its .DLT")
                .isEqualTo(inTables);
    }

    /** The brokers: TLS + SCRAM on every listener (none without login), ACLs decide, the User Operator runs. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "mesh", "monolith"})
    void everyListenerRequiresALoginAndAclsDecide(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        Map<String, Object> kafka = of(objects, "Kafka").stream().filter(k -> name(k).equals(CLUSTER)).findFirst().orElseThrow();
        Map<String, Object> spec = map(map(kafka.get("spec")).get("kafka"));
        assertThat(map(spec.get("authorization")).get("type")).as(overlay + ": authorization").isEqualTo("simple");
        assertThat(map(spec.get("authorization")).get("superUsers")).as(overlay + ": no super users but Strimzi's").isNull();
        assertThat(String.valueOf(map(spec.get("config")).get("allow.everyone.if.no.acl.found"))).as(overlay)
                .isNotEqualToIgnoringCase("true");
        assertThat(maps(spec.get("listeners"))).as(overlay + ": listeners").isNotEmpty().allSatisfy(listener -> {
            assertThat(listener.get("tls")).as(overlay + " listener " + listener.get("name") + " TLS").isEqualTo(true);
            assertThat(map(listener.get("authentication")).get("type")).as(overlay + " listener " + listener.get("name"))
                    .isEqualTo("scram-sha-512");
        });
        assertThat(map(kafka.get("spec")).get("entityOperator")).as(overlay + ": the User Operator makes the users")
                .satisfies(eo -> assertThat(map(eo)).containsKey("userOperator"));
        int port = bootstrapPort(objects);
        assertThat(maps(spec.get("listeners"))).as(overlay + ": KAFKA_BOOTSTRAP_SERVERS is an internal listener's port")
                .anySatisfy(l -> assertThat(l).containsEntry("port", port).containsEntry("type", "internal"));
    }

    /** Every service of the tables has its own user with exactly its ACLs; there are no other users (but KEDA's). */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "mesh"})
    void everyServicesKafkaUserHasExactlyTheAclsOfTheCatalog(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        Map<String, Set<Acl>> expected = expected();
        Set<String> users = names(of(objects, "KafkaUser"));
        users.removeAll(kedaUsers(objects));
        assertThat(users).as(overlay + ": one KafkaUser per identity of docs/events.md \"Access\", and no other")
                .isEqualTo(expected.keySet());
        List<String> problems = new ArrayList<>();
        expected.forEach((identity, acls) -> problems.addAll(compare(overlay, user(objects, identity), acls)));
        assertThat(problems).as("KafkaUsers against docs/events.md \"Access\"").isEmpty();
    }

    /**
     * Every Deployment of a service in the tables logs in as its own user over TLS, trusting the cluster CA; a service
     * that is not there has no Kafka login, and if it has Kafka on its classpath at all, its only use is the
     * configuration bus, which the cluster turns off.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "mesh"})
    void everyKafkaUsingDeploymentLogsInAsItselfOverTls(String overlay) throws IOException {
        List<Map<String, Object>> objects = render(overlay);
        Set<String> identities = expected().keySet();
        assertThat(Repo.CLUSTER_SERVICES).as("every identity of docs/events.md is a service of the cluster").containsAll(identities);
        Map<String, Object> config = map(of(objects, "ConfigMap").stream().filter(c -> name(c).equals("emporium-config"))
                .findFirst().orElseThrow().get("data"));
        for (String service : Repo.CLUSTER_SERVICES) {
            Map<String, Object> deployment = of(objects, "Deployment").stream().filter(d -> name(d).equals(service))
                    .findFirst().orElseThrow();
            if (identities.contains(service)) {
                assertThat(Repo.usesKafka(service)).as(service + " has Kafka on its classpath").isTrue();
                assertLogsInOverTls(objects, deployment, service, overlay + " " + service);
            } else {
                assertThat(env(deployment)).as(overlay + " " + service + " has no Kafka login")
                        .doesNotContainKeys("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "SPRING_KAFKA_SECURITY_PROTOCOL");
                if (Repo.usesKafka(service)) {
                    assertThat(kafkaOnlyForTheConfigBus(service)).as(service + " uses Kafka but has no KafkaUser: only "
                            + "the configuration bus may be that use (else give it a row in docs/events.md \"Access\")").isTrue();
                    assertThat(config).as(overlay + ": no config server in the cluster, so no bus for " + service)
                            .containsEntry("SPRING_CLOUD_CONFIG_ENABLED", "false");
                }
                assertThat(kafkaPeers(objects)).as(overlay + ": the brokers do not admit " + service).doesNotContain(service);
            }
        }
    }

    /** KEDA (prod) sees notification-service's lag as a user of its own that may only describe the group and its topics. */
    @ParameterizedTest
    @ValueSource(strings = {"prod", "mesh"})
    void kedaDescribesTheLagOfTheGroupItScalesOnAndNothingElse(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        int port = bootstrapPort(objects);
        List<TopicAccess> table = topicTable();
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> triggers = of(objects, "ScaledObject").stream()
                .flatMap(s -> maps(map(s.get("spec")).get("triggers")).stream()).filter(t -> "kafka".equals(t.get("type"))).toList();
        assertThat(triggers).as(overlay + ": KEDA's Kafka triggers").isNotEmpty();
        for (Map<String, Object> trigger : triggers) {
            Map<String, Object> metadata = map(trigger.get("metadata"));
            String group = (String) metadata.get("consumerGroup");
            assertThat((String) metadata.get("bootstrapServers")).as(overlay + " trigger of " + group)
                    .startsWith(CLUSTER + "-kafka-bootstrap.").endsWith(":" + port);
            assertThat(metadata).as(overlay + " trigger of " + group).containsEntry("sasl", "scram_sha512")
                    .containsEntry("tls", "enable");
            Map<String, Object> authentication = of(objects, "TriggerAuthentication").stream()
                    .filter(a -> name(a).equals(map(trigger.get("authenticationRef")).get("name"))).findFirst().orElseThrow();
            Map<String, Object> spec = map(authentication.get("spec"));
            Map<String, Object> password = ref(spec, "secretTargetRef", "password");
            Map<String, Object> username = ref(spec, "configMapTargetRef", "username");
            assertThat(ref(spec, "secretTargetRef", "ca")).as(overlay + " KEDA's trust").containsEntry("name", CA_SECRET)
                    .containsEntry("key", "ca.crt");
            String user = (String) password.get("name");
            assertThat(password).as(overlay + " KEDA's password: the KafkaUser's Secret").containsEntry("key", "password");
            Map<String, Object> usernames = map(of(objects, "ConfigMap").stream().filter(c -> name(c).equals(username.get("name")))
                    .findFirst().orElseThrow().get("data"));
            assertThat(usernames).as(overlay + " KEDA's user name").containsEntry((String) username.get("key"), user);
            Set<Acl> acls = new TreeSet<>(Set.of(new Acl("group", group, "literal", "Describe")));
            table.stream().filter(row -> row.readerGroups().containsValue(group))
                    .forEach(row -> acls.add(Acl.topic(row.topic(), "Describe")));
            assertThat(acls).as("docs/events.md: topics read by the group " + group).hasSizeGreaterThan(1);
            problems.addAll(compare(overlay, user(objects, user), acls));
        }
        assertThat(problems).as("KEDA's KafkaUser: Describe on the group it scales on and on that group's topics").isEmpty();
    }

    /**
     * overlays/monolith: one pod, one identity. The modules' own users are gone; emporium-monolith holds the union of
     * their ACLs, every module logs in as it (unprefixed variables, none overridden per module), and the policies let
     * the pod reach the TLS listener. A service that runs extracted keeps its own user.
     */
    @Test
    void theMonolithIsOneIdentityWithTheUnionOfItsModulesAcls() {
        List<Map<String, Object>> objects = render("monolith");
        Map<String, Set<Acl>> expected = expected();
        Set<Acl> union = new TreeSet<>();
        Set<String> own = new TreeSet<>();
        expected.forEach((identity, acls) -> {
            if (Repo.MONOLITH_MODULES.contains(identity)) {
                union.addAll(acls);
            } else {
                own.add(identity);
            }
        });
        Set<String> users = new TreeSet<>(own);
        users.add(MONOLITH);
        assertThat(names(of(objects, "KafkaUser"))).as("monolith: its user and the extracted services' own").isEqualTo(users);
        List<String> problems = new ArrayList<>(compare("monolith", user(objects, MONOLITH), union));
        own.forEach(identity -> problems.addAll(compare("monolith", user(objects, identity), expected.get(identity))));
        assertThat(problems).as("monolith: KafkaUsers against docs/events.md \"Access\"").isEmpty();

        Map<String, Object> monolith = of(objects, "Deployment").stream().filter(d -> name(d).equals(MONOLITH))
                .findFirst().orElseThrow();
        assertLogsInOverTls(objects, monolith, MONOLITH, "monolith");
        assertThat(env(monolith).keySet()).as("no module logs in as anyone else")
                .noneMatch(variable -> variable.contains("_SPRING_KAFKA_"));
        for (String service : own) {
            Map<String, Object> deployment = of(objects, "Deployment").stream().filter(d -> name(d).equals(service))
                    .findFirst().orElseThrow();
            assertLogsInOverTls(objects, deployment, service, "monolith " + service);
        }
        List<Map<String, Object>> policies = of(objects, "NetworkPolicy");
        assertThat(KubernetesManifestsTest.allows(policies, MONOLITH, "kafka", bootstrapPort(objects)))
                .as("the monolith reaches the TLS listener").isTrue();
    }

    /**
     * The tables tell the truth about the code: a service's @KafkaListener topics and groups (or its Kafka Streams
     * sources and application.id) are its "read by" rows, and the topics its code names are the ones it reads or writes.
     */
    @Test
    void theTablesAreWhatTheServicesCodeReadsAndWrites() throws IOException {
        Map<String, String> constants = topicConstants();
        Map<String, Set<String>> readsInDoc = new TreeMap<>();
        Map<String, Set<String>> topicsInDoc = new TreeMap<>();
        for (TopicAccess row : topicTable()) {
            row.readerGroups().forEach((reader, group) -> readsInDoc.computeIfAbsent(reader, k -> new TreeSet<>())
                    .add(row.topic() + " (group " + group + ")"));
            Stream.concat(row.writers().stream(), row.readerGroups().keySet().stream())
                    .forEach(service -> topicsInDoc.computeIfAbsent(service, k -> new TreeSet<>()).add(row.topic()));
        }
        for (String service : Repo.allServices()) {
            Path main = Repo.ROOT.resolve("services").resolve(service).resolve("src/main");
            if (!Files.isDirectory(main.resolve("java"))) {
                continue;
            }
            String code = javaSources(main.resolve("java"));
            Map<String, Object> kafka = map(map(applicationYml(main).get("spring")).get("kafka"));
            Set<String> reads = new TreeSet<>();
            Matcher listener = Pattern.compile("@KafkaListener\\(([^)]*)\\)").matcher(code);
            while (listener.find()) {
                String attributes = listener.group(1);
                Matcher topics = Pattern.compile("topics\\s*=\\s*(\\{[^}]*}|[^,]+)").matcher(attributes);
                assertThat(topics.find()).as(service + ": @KafkaListener(" + attributes + ") names its topics").isTrue();
                Matcher groupId = Pattern.compile("groupId\\s*=\\s*\"([^\"]+)\"").matcher(attributes);
                String group = groupId.find() ? groupId.group(1)
                        : (String) map(kafka.get("consumer")).get("group-id");
                assertThat(group).as(service + ": the group of @KafkaListener(" + attributes + ")").isNotNull();
                for (String topic : topics.group(1).replaceAll("[{}]", "").split(",")) {
                    reads.add(resolve(service, topic.trim(), constants) + " (group " + group + ")");
                }
            }
            String applicationId = (String) map(kafka.get("streams")).get("application-id");
            if (applicationId != null) {
                Matcher source = Pattern.compile("\\.stream\\(\\s*(" + TOPIC_CONSTANT.pattern() + "|\"[^\"]+\")").matcher(code);
                while (source.find()) {
                    reads.add(resolve(service, source.group(1), constants) + " (group " + applicationId + ")");
                }
            }
            Set<String> named = new TreeSet<>();
            Matcher constant = TOPIC_CONSTANT.matcher(code);
            while (constant.find()) {
                named.add(resolve(service, constant.group(), constants));
            }
            assertThat(reads).as(service + ": what its code consumes (listeners, stream sources) against the \"read by\" "
                    + "column of docs/events.md \"Access\"").isEqualTo(readsInDoc.getOrDefault(service, Set.of()));
            assertThat(named).as(service + ": the topics its code names against the topics docs/events.md \"Access\" "
                    + "lets it write or read").isEqualTo(topicsInDoc.getOrDefault(service, Set.of()));
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** The differences between a KafkaUser's ACLs and what it should have, as readable lines (none: equal). */
    private static List<String> compare(String overlay, Map<String, Object> user, Set<Acl> expected) {
        String id = overlay + " KafkaUser " + name(user);
        List<String> problems = new ArrayList<>();
        Map<String, Object> spec = map(user.get("spec"));
        if (!"scram-sha-512".equals(map(spec.get("authentication")).get("type"))) {
            problems.add(id + ": authentication is not scram-sha-512");
        }
        if (!CLUSTER.equals(map(map(user.get("metadata")).get("labels")).get("strimzi.io/cluster"))) {
            problems.add(id + ": not labelled strimzi.io/cluster=" + CLUSTER);
        }
        Map<String, Object> authorization = map(spec.get("authorization"));
        if (!"simple".equals(authorization.get("type"))) {
            problems.add(id + ": authorization is not simple");
        }
        List<Acl> actual = new ArrayList<>();
        for (Map<String, Object> rule : maps(authorization.get("acls"))) {
            Map<String, Object> resource = map(rule.get("resource"));
            if (!"allow".equals(rule.getOrDefault("type", "allow")) || !"*".equals(rule.getOrDefault("host", "*"))) {
                problems.add(id + ": only allow rules for any host, not " + rule);
            }
            List<String> operations = rule.containsKey("operations") ? Kustomize.strings(rule.get("operations"))
                    : List.of((String) rule.get("operation"));
            for (String operation : operations) {
                actual.add(new Acl((String) resource.get("type"), Objects.toString(resource.get("name"), ""),
                        (String) resource.getOrDefault("patternType", "literal"), operation));
            }
        }
        Set<Acl> granted = new TreeSet<>(actual);
        if (granted.size() != actual.size()) {
            problems.add(id + ": ACLs listed twice");
        }
        Set<Acl> extra = new TreeSet<>(granted);
        extra.removeAll(expected);
        Set<Acl> missing = new TreeSet<>(expected);
        missing.removeAll(granted);
        if (!extra.isEmpty()) {
            problems.add(id + " has ACLs docs/events.md does not give it: " + extra);
        }
        if (!missing.isEmpty()) {
            problems.add(id + " lacks ACLs docs/events.md gives it: " + missing);
        }
        return problems;
    }

    /** SASL_SSL as {@code user}, SCRAM-SHA-512, the JAAS line from the user's Secret, the cluster CA as PEM trust store. */
    private static void assertLogsInOverTls(List<Map<String, Object>> objects, Map<String, Object> deployment, String user,
            String id) {
        Map<String, Map<String, Object>> env = env(deployment);
        assertThat(env).as(id).containsKeys("SPRING_KAFKA_SECURITY_PROTOCOL", "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM",
                "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "SPRING_KAFKA_SSL_TRUST_STORE_TYPE",
                "SPRING_KAFKA_SSL_TRUST_STORE_LOCATION");
        assertThat(env.get("SPRING_KAFKA_SECURITY_PROTOCOL").get("value")).as(id).isEqualTo("SASL_SSL");
        assertThat(env.get("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM").get("value")).as(id).isEqualTo("SCRAM-SHA-512");
        assertThat(map(map(env.get("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG").get("valueFrom")).get("secretKeyRef")))
                .as(id + ": the JAAS line of its own KafkaUser's Secret")
                .containsEntry("name", user).containsEntry("key", "sasl.jaas.config").doesNotContainKey("optional");
        assertThat(names(of(objects, "KafkaUser"))).as(id + ": its KafkaUser").contains(user);
        assertThat(env.get("SPRING_KAFKA_SSL_TRUST_STORE_TYPE").get("value")).as(id).isEqualTo("PEM");
        String location = (String) env.get("SPRING_KAFKA_SSL_TRUST_STORE_LOCATION").get("value");
        assertThat(location).as(id + " trust store").startsWith("file:/").endsWith("/ca.crt");
        String directory = location.substring("file:".length(), location.length() - "/ca.crt".length());
        Map<String, Object> pod = map(map(map(deployment.get("spec")).get("template")).get("spec"));
        Map<String, Object> mount = maps(maps(pod.get("containers")).getFirst().get("volumeMounts")).stream()
                .filter(m -> directory.equals(m.get("mountPath"))).findFirst()
                .orElseThrow(() -> new AssertionError(id + ": nothing mounted at " + directory));
        Map<String, Object> volume = maps(pod.get("volumes")).stream().filter(v -> v.get("name").equals(mount.get("name")))
                .findFirst().orElseThrow();
        Map<String, Object> secret = map(volume.get("secret"));
        assertThat(secret).as(id + ": the cluster CA at " + directory).containsEntry("secretName", CA_SECRET);
        assertThat(maps(secret.get("items"))).as(id + ": ca.crt").allSatisfy(item -> assertThat(item)
                .containsEntry("key", "ca.crt").containsEntry("path", "ca.crt"));
        Object bootstrap = env.containsKey("KAFKA_BOOTSTRAP_SERVERS") ? env.get("KAFKA_BOOTSTRAP_SERVERS").get("value")
                : CLUSTER + "-kafka-bootstrap:" + bootstrapPort(objects);
        assertThat(bootstrap).as(id + ": the TLS listener").isEqualTo(CLUSTER + "-kafka-bootstrap:" + bootstrapPort(objects));
    }

    /** The port of KAFKA_BOOTSTRAP_SERVERS (emporium-config), which must be a TLS + SCRAM listener of the cluster. */
    private static int bootstrapPort(List<Map<String, Object>> objects) {
        String bootstrap = (String) map(of(objects, "ConfigMap").stream().filter(c -> name(c).equals("emporium-config"))
                .findFirst().orElseThrow().get("data")).get("KAFKA_BOOTSTRAP_SERVERS");
        assertThat(bootstrap).as("KAFKA_BOOTSTRAP_SERVERS").startsWith(CLUSTER + "-kafka-bootstrap:");
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        Map<String, Object> kafka = map(map(of(objects, "Kafka").getFirst().get("spec")).get("kafka"));
        Map<String, Object> listener = maps(kafka.get("listeners")).stream().filter(l -> Objects.equals(l.get("port"), port))
                .findFirst().orElseThrow(() -> new AssertionError("no listener on the port of " + bootstrap));
        assertThat(listener.get("tls")).as("the services' listener " + port + " is TLS").isEqualTo(true);
        assertThat(map(listener.get("authentication")).get("type")).as("the services' listener " + port + " needs a login")
                .isEqualTo("scram-sha-512");
        return port;
    }

    private static Set<String> kafkaPeers(List<Map<String, Object>> objects) {
        Map<String, Object> kafka = map(map(of(objects, "Kafka").getFirst().get("spec")).get("kafka"));
        return maps(kafka.get("listeners")).stream().flatMap(l -> maps(l.get("networkPolicyPeers")).stream())
                .map(peer -> (String) map(map(peer.get("podSelector")).get("matchLabels")).get("app.kubernetes.io/name"))
                .filter(Objects::nonNull).collect(Collectors.toSet());
    }

    /** The users KEDA logs in as (the password Secrets of its TriggerAuthentications). */
    private static Set<String> kedaUsers(List<Map<String, Object>> objects) {
        return of(objects, "TriggerAuthentication").stream()
                .flatMap(a -> maps(map(a.get("spec")).get("secretTargetRef")).stream())
                .filter(r -> "password".equals(r.get("parameter"))).map(r -> (String) r.get("name"))
                .collect(Collectors.toSet());
    }

    private static Map<String, Object> ref(Map<String, Object> spec, String kind, String parameter) {
        return maps(spec.get(kind)).stream().filter(r -> parameter.equals(r.get("parameter"))).findFirst()
                .orElseThrow(() -> new AssertionError("TriggerAuthentication: no " + kind + " for " + parameter));
    }

    private static Map<String, Object> user(List<Map<String, Object>> objects, String name) {
        return of(objects, "KafkaUser").stream().filter(u -> name(u).equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no KafkaUser " + name));
    }

    private static Map<String, Map<String, Object>> env(Map<String, Object> deployment) {
        Map<String, Object> pod = map(map(map(deployment.get("spec")).get("template")).get("spec"));
        Map<String, Map<String, Object>> env = new LinkedHashMap<>();
        maps(maps(pod.get("containers")).getFirst().get("env")).forEach(e -> env.put((String) e.get("name"), e));
        return env;
    }

    /** Its application.yml turns the bus off with central configuration, and its code names no topic and no listener. */
    private static boolean kafkaOnlyForTheConfigBus(String service) throws IOException {
        Path main = Repo.ROOT.resolve("services").resolve(service).resolve("src/main");
        Map<String, Object> cloud = map(map(applicationYml(main).get("spring")).get("cloud"));
        String busEnabled = String.valueOf(map(cloud.get("bus")).get("enabled"));
        String code = javaSources(main.resolve("java"));
        return busEnabled.startsWith("${spring.cloud.config.enabled") && !code.contains("@KafkaListener")
                && !TOPIC_CONSTANT.matcher(code).find() && !code.contains("KafkaTemplate");
    }

    /** {@code CheckoutTopics.ORDER_EVENTS -> order-events}, from the contracts' *Topics classes. */
    private static Map<String, String> topicConstants() throws IOException {
        Map<String, String> constants = new TreeMap<>();
        try (Stream<Path> files = Files.walk(Repo.ROOT.resolve("contracts"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("Topics.java")).toList()) {
                String type = file.getFileName().toString().replace(".java", "");
                Matcher m = Pattern.compile("static final String ([A-Z][A-Z0-9_]*) = \"([^\"]+)\"").matcher(Files.readString(file));
                while (m.find()) {
                    constants.put(type + "." + m.group(1), m.group(2));
                }
            }
        }
        assertThat(constants).as("the contracts' topic constants").isNotEmpty();
        return constants;
    }

    private static String resolve(String service, String reference, Map<String, String> constants) {
        if (reference.startsWith("\"")) {
            return reference.substring(1, reference.length() - 1);
        }
        String topic = constants.get(reference);
        assertThat(topic).as(service + ": the topic " + reference + " (a constant of the contracts' *Topics)").isNotNull();
        return topic;
    }

    private static String javaSources(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return "";
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().map(f -> {
                try {
                    return Files.readString(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).collect(Collectors.joining("\n"));
        }
    }

    private static Map<String, Object> applicationYml(Path main) throws IOException {
        Path yml = main.resolve("resources/application.yml");
        if (!Files.isRegularFile(yml)) {
            return Map.of();
        }
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(yml))) {
            if (document != null) {
                return map(document);
            }
        }
        return Map.of();
    }

    /** The rows of the table under {@link #ACCESS_HEADING} whose header is {@code header}, as trimmed cells. */
    private static List<List<String>> table(String header) {
        String doc;
        try {
            doc = Files.readString(EVENTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int section = doc.indexOf("\n" + ACCESS_HEADING + "\n");
        assertThat(section).as("docs/events.md has the section \"" + ACCESS_HEADING + "\"").isNotNegative();
        int next = doc.indexOf("\n## ", section + 1);
        String text = doc.substring(section, next < 0 ? doc.length() : next);
        List<String> lines = text.lines().toList();
        int start = lines.indexOf(header);
        assertThat(start).as("docs/events.md \"Access\" has the table " + header).isNotNegative();
        int columns = header.split("\\|", -1).length - 2;
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(start + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.split("\\|", -1);
            assertThat(cells.length - 2).as("docs/events.md: cells of " + line).isEqualTo(columns);
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= columns; i++) {
                row.add(cells[i].trim());
            }
            rows.add(row);
        }
        return rows;
    }

    /** A cell's comma-separated items; "—" or empty: none. */
    private static List<String> list(String cell) {
        if (cell.isEmpty() || cell.equals("—") || cell.equals("-")) {
            return List.of();
        }
        return Stream.of(cell.split(",")).map(String::trim).map(KafkaAclsTest::unquote).toList();
    }

    private static List<String> services(String topic, List<String> names) {
        names.forEach(n -> assertThat(n).as("docs/events.md, %s: a service name", topic).matches(SERVICE));
        assertThat(new LinkedHashSet<>(names)).as("docs/events.md, %s", topic).hasSameSizeAs(names);
        return names;
    }

    private static String unquote(String cell) {
        return cell.replace("`", "").trim();
    }

    private static List<Map<String, Object>> render(String overlay) {
        return Kustomize.build(KUBERNETES.resolve("overlays").resolve(overlay));
    }
}
