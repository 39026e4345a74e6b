package dev.emporium.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import dev.emporium.testsupport.KafkaTopics;
import dev.emporium.testsupport.LaunchedPlatform;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/**
 * The money-under-faults suite (issue "Checkout that never loses money or stock under faults"). The real launcher
 * starts the platform; customers place {@code emporium.chaos.orders} orders (some cancelled the moment they are
 * confirmed, some refunded by an admin) while payment-service is SIGKILLed 5 times, product-service 3 times,
 * order-service, the card-processor simulator and the Kafka broker once each, and the processor is slow, fails
 * transiently and loses answers (the operation happens, the answer never arrives). Then, within 120 s of the last
 * fault: every order is terminal; per product available + reserved + sold = initial, nothing reserved, sold = the
 * units of CONFIRMED orders; the processor's ledger agrees with every order; one email per order per state; no
 * dead letters.
 */
class ChaosIT {

    static final int ORDERS = Integer.getInteger("emporium.chaos.orders", 200);
    /** Orders per second the buyers place at most (0: as fast as they can). A large run needs a pace the platform keeps up with. */
    static final double RATE = Double.parseDouble(System.getProperty("emporium.chaos.rate", "0"));
    static final int PORT_OFFSET = Integer.getInteger("emporium.chaos.port-offset", 22000);
    /**
     * How the services find each other: {@code dns} (the default: the {@code kubernetes} profile, no registry, as in a
     * cluster) or {@code eureka} (as {@code ./emporium} runs; PlatformIT kills services under it too).
     */
    static final String DISCOVERY = System.getProperty("emporium.chaos.discovery", "dns");
    static final List<String> FAULTS = List.of("payment-service-1", "product-service-1", "payment-service-1",
            "order-service-1", "payment-service-1", "kafka-1", "product-service-1", "payment-service-1",
            "card-processor-1", "payment-service-1", "product-service-1");
    static final int PRODUCTS = 8;
    static final int CUSTOMERS = 6;
    static final Duration DRAIN = Duration.ofSeconds(120);
    /** From then on the drain notes which orders it still waits for. */
    static final Duration STRAGGLING = Duration.ofSeconds(20);

    enum Intent { NONE, CANCEL, REFUND }

    record Line(String productId, int quantity) {
    }

    record Placed(String id, String customer, List<Line> lines, String card, Intent intent, BigDecimal total) {
    }

    final Random random = new Random(Long.getLong("emporium.chaos.seed", 20261129L));
    final Map<String, Placed> placed = new ConcurrentHashMap<>();
    final Set<String> followUps = ConcurrentHashMap.newKeySet();
    final AtomicInteger started = new AtomicInteger();
    /** Orders accepted and recorded (with their follow-up): the follower may stop only once all are. */
    final AtomicInteger recorded = new AtomicInteger();
    volatile long pacingStart;
    final AtomicInteger killsDone = new AtomicInteger();
    final List<String> faultLog = new CopyOnWriteArrayList<>();
    /** Orders still open {@link #STRAGGLING} after the last fault, and what the drain saw of them. */
    final Set<String> stragglers = ConcurrentHashMap.newKeySet();
    final List<String> drainLog = new CopyOnWriteArrayList<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @Test
    void everyOrderEveryUnitAndEveryCentIsAccountedForAfterCrashesAndAFlakyProcessor() throws Exception {
        Map<String, String> faults = Map.of("CARD_PROCESSOR_EMPORIUM_PROCESSOR_LATENCY", "PT0.02S",
                "CARD_PROCESSOR_EMPORIUM_PROCESSOR_TRANSIENT_FAILURE_RATE", "0.1",
                "CARD_PROCESSOR_EMPORIUM_PROCESSOR_LOST_ANSWER_RATE", "0.05");
        Instant begin = Instant.now();
        try (LaunchedPlatform platform = LaunchedPlatform.start(PORT_OFFSET, faults, "--discovery", DISCOVERY)) {
            platform.awaitUp(Duration.ofMinutes(6));
            Shop shop = new Shop(platform.gateway());
            assertDiscovery(platform, shop);
            String admin = shop.account(LaunchedPlatform.ADMIN_EMAIL, LaunchedPlatform.ADMIN_PASSWORD);
            int initial = Math.max(20, ORDERS * 3 / 10);
            List<String> products = createProducts(shop, admin, initial);
            List<String> customers = new ArrayList<>();
            for (int c = 0; c < CUSTOMERS; c++) {
                customers.add(shop.register("Chaos " + c, "chaos-" + c + "-" + System.nanoTime() + "@example.com", "chaos-password"));
            }
            Instant load = Instant.now();

            ExecutorService pool = Executors.newFixedThreadPool(8);
            pacingStart = System.currentTimeMillis();
            Future<?> killer = pool.submit(() -> killOnSchedule(platform));
            Future<?> follower = pool.submit(() -> followUp(shop, admin, killer));
            List<Future<?>> buyers = new ArrayList<>();
            for (int b = 0; b < 6; b++) {
                buyers.add(pool.submit(() -> buy(shop, customers, products)));
            }
            for (Future<?> buyer : buyers) {
                buyer.get(60, TimeUnit.MINUTES);
            }
            killer.get(30, TimeUnit.MINUTES);
            Instant lastFault = clearProcessorFaults(platform);
            faultLog.add(Duration.between(load, lastFault).toSeconds() + " s: processor faults cleared (last fault)");
            follower.get(DRAIN.toSeconds() + 60, TimeUnit.SECONDS);
            pool.shutdownNow();

            Drained drain = awaitTerminal(shop, admin, lastFault, platform);
            Map<String, String> statuses = drain.statuses();
            Instant drained = drain.at();
            Map<String, Integer> sold = awaitStock(shop, admin, products, initial, statuses, lastFault);
            List<String> ledgerProblems = ledgerProblems(platform, statuses);
            Map<String, String> mails = awaitNotifications(shop, customers, statuses);
            List<String> deadLetters = deadLetters(platform);

            String report = report(begin, load, lastFault, drained, statuses, sold, initial, ledgerProblems, mails, deadLetters);
            System.out.println(report);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/chaos-report.md"), report);

            assertThat(killsDone.get()).as("faults injected").isEqualTo(FAULTS.size());
            assertThat(Duration.between(lastFault, drained)).as("every order terminal within 120 s of the last fault\n%s", report)
                    .isLessThanOrEqualTo(DRAIN);
            assertThat(ledgerProblems).as("the processor's ledger agrees with every order").isEmpty();
            assertThat(mails).as("one email per order per state").isEmpty();
            assertThat(deadLetters).as("dead letters").isEmpty();
        }
    }

    /** Under {@code dns} no registry runs and the gateway reaches each service by its host name. */
    private void assertDiscovery(LaunchedPlatform platform, Shop shop) {
        if (!DISCOVERY.equals("dns")) {
            return;
        }
        assertThat(platform.instances()).extracting(LaunchedPlatform.Instance::id).doesNotContain("discovery-server-1");
        String health = shop.get("/api/health", null).body();
        assertThat(JsonPath.<List<String>>read(health, "$.services[?(@.name=='order-service')].instances[*].id"))
                .as("the gateway's view of order-service").containsExactly("order-service");
    }

    private List<String> createProducts(Shop shop, String admin, int initial) {
        List<String> ids = new ArrayList<>();
        long run = System.nanoTime();
        for (int p = 0; p < PRODUCTS; p++) {
            String body = """
                    {"sku":"CHAOS-%d-%d","name":"Chaos item %d","description":"made by the chaos suite","category":"Chaos",
                     "price":%d.50,"stock":%d}""".formatted(run, p, p, 3 + p, initial);
            HttpResponse<String> created = shop.call("POST", "/api/products", admin, body, Map.of(), s -> s == 201,
                    Duration.ofMinutes(2));
            ids.add(JsonPath.read(created.body(), "$.id"));
        }
        return ids;
    }

    /** Kill k happens once the buyers have started k/(faults+1) of the orders, each victim UP again before. */
    private void killOnSchedule(LaunchedPlatform platform) {
        Instant t0 = Instant.now();
        for (int k = 0; k < FAULTS.size(); k++) {
            while (started.get() < threshold(k + 1)) {
                Shop.sleep(100);
            }
            String victim = FAULTS.get(k);
            Instant waitUntil = Instant.now().plus(Duration.ofMinutes(3));
            while (!platform.state(victim).equals("UP") && Instant.now().isBefore(waitUntil)) {
                Shop.sleep(250);
            }
            long pid = platform.kill(victim);
            faultLog.add(Duration.between(t0, Instant.now()).toSeconds() + " s: SIGKILL " + victim + " (pid " + pid
                    + ") after " + started.get() + " orders");
            killsDone.incrementAndGet();
        }
    }

    private int threshold(int kill) {
        return kill * ORDERS / (FAULTS.size() + 1);
    }

    /** A buyer: the next order number, a random customer, 1-3 products, a card, maybe a follow-up. */
    private void buy(Shop shop, List<String> customers, List<String> products) {
        int i;
        while ((i = started.getAndIncrement()) < ORDERS) {
            while (killsDone.get() < FAULTS.size() && i >= threshold(killsDone.get() + 2)) {
                Shop.sleep(100); // the next fault first: faults are spread over the orders
            }
            if (RATE > 0) {
                long due = pacingStart + (long) (i * 1000 / RATE);
                Shop.sleep(Math.max(0, due - System.currentTimeMillis())); // paced: order i is due at i / rate
            }
            Random r;
            synchronized (random) {
                r = new Random(random.nextLong());
            }
            String customer = customers.get(r.nextInt(customers.size()));
            List<String> shuffled = new ArrayList<>(products);
            java.util.Collections.shuffle(shuffled, r);
            List<Line> lines = shuffled.subList(0, 1 + r.nextInt(3)).stream().map(p -> new Line(p, 1 + r.nextInt(3))).toList();
            int dice = r.nextInt(100);
            String card = dice < 80 ? "4242424242424242" : dice < 90 ? "4000000000000002" : dice < 95 ? "4000000000009995"
                    : "4000000000000119";
            Intent intent = !card.startsWith("4242") ? Intent.NONE : dice < 10 ? Intent.CANCEL : dice < 16 ? Intent.REFUND : Intent.NONE;
            String body = """
                    {"items":[%s],"payment":{"cardNumber":"%s"},
                     "shippingAddress":{"name":"Chaos","line1":"1 Fault Line","city":"Crashville","postalCode":"1000","country":"US"}}"""
                    .formatted(lines.stream().map(l -> "{\"productId\":\"%s\",\"quantity\":%d}".formatted(l.productId(), l.quantity()))
                            .collect(Collectors.joining(",")), card);
            HttpResponse<String> accepted = shop.call("POST", "/api/orders", customer, body,
                    Map.of("Idempotency-Key", "chaos-" + i + "-" + customer), s -> s == 202, Duration.ofMinutes(4));
            String id = JsonPath.read(accepted.body(), "$.id");
            BigDecimal total = new BigDecimal(String.valueOf(JsonPath.<Object>read(accepted.body(), "$.total")));
            placed.put(id, new Placed(id, customer, lines, card, intent, total));
            if (intent != Intent.NONE) {
                followUps.add(id);
            }
            recorded.incrementAndGet();
        }
    }

    /** Cancels (as the customer) or refunds (as an admin) the chosen orders the moment they are confirmed. */
    private void followUp(Shop shop, String admin, Future<?> killer) {
        ExecutorService followers = Executors.newFixedThreadPool(6);
        while (!killer.isDone() || !followUps.isEmpty() || recorded.get() < ORDERS) {
            List<Callable<Object>> round = new ArrayList<>();
            List.copyOf(followUps).forEach(id -> round.add(Executors.callable(() -> {
                Placed order = placed.get(id);
                String status = JsonPath.read(shop.get("/api/orders/" + id, order.customer()).body(), "$.status");
                if (!status.equals("CONFIRMED")) {
                    if (!status.equals("PENDING")) {
                        followUps.remove(id); // rejected: nothing to undo
                    }
                    return;
                }
                if (order.intent() == Intent.CANCEL) {
                    shop.call("POST", "/api/orders/" + id + "/cancel", order.customer(), "", Map.of(),
                            s -> s == 202 || s == 409, Duration.ofMinutes(3));
                    followUps.remove(id);
                } else {
                    List<Map<String, Object>> payments = JsonPath.read(shop.get("/api/payments?orderId=" + id, admin).body(), "$");
                    if (!payments.isEmpty() && "CAPTURED".equals(payments.getFirst().get("status"))) {
                        int refunded = shop.call("POST", "/api/payments/" + payments.getFirst().get("id") + "/refund", admin, "",
                                Map.of(), s -> s == 202 || s == 409, Duration.ofMinutes(3)).statusCode();
                        if (refunded == 202) {
                            followUps.remove(id);
                        }
                    }
                }
            })));
            try {
                followers.invokeAll(round);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Shop.sleep(300);
        }
        followers.shutdown();
    }

    private Instant clearProcessorFaults(LaunchedPlatform platform) throws Exception {
        String url = "http://localhost:" + platform.port(8089) + "/v1/faults";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"latency\":\"PT0S\",\"transientFailureRate\":0,\"lostAnswerRate\":0}"))
                .timeout(Duration.ofSeconds(10)).build();
        Instant until = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(until)) {
            try {
                if (http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return Instant.now();
                }
            } catch (IOException restarting) {
                // the simulator may still be coming back from its kill
            }
            Shop.sleep(500);
        }
        throw new IllegalStateException("Could not clear the processor's faults at " + url);
    }

    /**
     * Waits until the platform has drained: nothing PENDING (one admin query over all orders) and every cancel or
     * refund asked for has cancelled its order (polled in parallel), and returns that moment. Only then is every
     * order's status read (in parallel), and each must be terminal. Polling 10,000 orders one by one took the
     * harness longer than the platform needed to drain, so the drain time measured the harness.
     */
    private Drained awaitTerminal(Shop shop, String admin, Instant lastFault, LaunchedPlatform platform)
            throws InterruptedException {
        Instant until = lastFault.plus(DRAIN).plusSeconds(60);
        Instant nextLook = lastFault.plus(STRAGGLING);
        Set<String> toCancel = ConcurrentHashMap.newKeySet();
        placed.values().stream().filter(o -> o.intent() != Intent.NONE).map(Placed::id).forEach(toCancel::add);
        ExecutorService pollers = Executors.newFixedThreadPool(8);
        try {
            while (true) {
                long pending = JsonPath.<Number>read(shop.get("/api/orders?status=PENDING&size=1", admin).body(),
                        "$.page.totalElements").longValue();
                if (pending == 0) {
                    pollers.invokeAll(List.copyOf(toCancel).stream().map(id -> Executors.callable(() -> {
                        if (!status(shop, placed.get(id)).equals("CONFIRMED")) {
                            toCancel.remove(id); // CANCELLED, or REJECTED: nothing to undo
                        }
                    })).toList());
                }
                if (pending == 0 && toCancel.isEmpty()) {
                    break;
                }
                if (Instant.now().isAfter(nextLook)) {
                    lookAtStragglers(shop, admin, lastFault, pending, toCancel);
                    nextLook = Instant.now().plusSeconds(15);
                }
                long stillPending = pending;
                assertThat(Instant.now()).as(() -> "%d orders PENDING and %d not cancelled as asked, %s after the last fault\n%s\n%s"
                        .formatted(stillPending, toCancel.size(), Duration.between(lastFault, Instant.now()),
                                String.join("\n", drainLog), whatKeptTheDrain(platform))).isBefore(until);
                Shop.sleep(1000);
            }
            Instant drained = Instant.now();
            if (!stragglers.isEmpty()) {
                drainLog.add(Duration.between(lastFault, drained).toSeconds() + " s: drained; what the services logged"
                        + " about the stragglers, and the instances' comings and goings:\n" + whatKeptTheDrain(platform));
            }
            Map<String, String> statuses = new ConcurrentHashMap<>();
            pollers.invokeAll(placed.values().stream()
                    .map(order -> Executors.callable(() -> {
                        statuses.put(order.id(), status(shop, order));
                    })).toList());
            List<String> open = placed.values().stream().filter(o -> {
                String s = statuses.get(o.id());
                return s.equals("PENDING") || s.equals("CONFIRMED") && o.intent() != Intent.NONE;
            }).map(Placed::id).toList();
            assertThat(open).as("orders not terminal (or not cancelled as asked) once the platform said it had drained").isEmpty();
            return new Drained(statuses, drained);
        } finally {
            pollers.shutdownNow();
        }
    }

    /** Notes which orders keep the drain waiting (at most five of each kind), for the report. */
    private void lookAtStragglers(Shop shop, String admin, Instant lastFault, long pending, Set<String> toCancel) {
        List<String> pendingIds = JsonPath.read(shop.get("/api/orders?status=PENDING&size=5", admin).body(), "$.content[*].id");
        List<String> notCancelled = toCancel.stream().sorted().limit(5).toList();
        stragglers.addAll(pendingIds);
        stragglers.addAll(notCancelled);
        drainLog.add("%d s after the last fault: %d PENDING %s, %d not cancelled as asked %s".formatted(
                Duration.between(lastFault, Instant.now()).toSeconds(), pending, pendingIds, toCancel.size(), notCancelled));
    }

    /**
     * Every line the services logged about the orders that kept the drain waiting, then the launcher's lines on
     * instances exiting and coming UP (how long each restart took). The logs of a CI run are gone with its machine;
     * this is how a slow drain there explains itself.
     */
    private String whatKeptTheDrain(LaunchedPlatform platform) {
        return stragglerLogs(platform) + "\n" + platform.launcherOutput().lines()
                .filter(line -> line.contains(" UP ") || line.contains("exited with"))
                .map(line -> line.replaceFirst(";? see .*", "")).collect(Collectors.joining("\n"));
    }

    private String stragglerLogs(LaunchedPlatform platform) {
        if (stragglers.isEmpty()) {
            return "";
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> logs = Files.list(platform.dataDir().resolve("logs"))) {
            for (Path log : logs.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                try (Stream<String> in = Files.lines(log)) {
                    in.filter(line -> stragglers.stream().anyMatch(line::contains))
                            .forEach(line -> lines.add(log.getFileName() + ": " + line));
                } catch (UncheckedIOException unreadable) {
                    lines.add(log.getFileName() + ": (unreadable: " + unreadable.getMessage() + ")");
                }
            }
        } catch (IOException e) {
            return "(logs not readable: " + e + ")";
        }
        return lines.stream().limit(80).collect(Collectors.joining("\n"));
    }

    private static String status(Shop shop, Placed order) {
        return JsonPath.read(shop.get("/api/orders/" + order.id(), order.customer()).body(), "$.status");
    }

    record Drained(Map<String, String> statuses, Instant at) {
    }

    /** available + reserved + sold = initial, reserved = 0, sold = units of CONFIRMED orders; returns sold per product. */
    private Map<String, Integer> awaitStock(Shop shop, String admin, List<String> products, int initial,
            Map<String, String> statuses, Instant lastFault) {
        Map<String, Integer> expectedSold = new TreeMap<>();
        products.forEach(p -> expectedSold.put(p, 0));
        placed.values().stream().filter(o -> statuses.get(o.id()).equals("CONFIRMED"))
                .flatMap(o -> o.lines().stream()).forEach(l -> expectedSold.merge(l.productId(), l.quantity(), Integer::sum));
        Instant until = Instant.now().plusSeconds(60);
        while (true) {
            List<String> problems = new ArrayList<>();
            for (String product : products) {
                String inventory = shop.get("/api/products/" + product + "/inventory", admin).body();
                int available = JsonPath.read(inventory, "$.available");
                int reserved = JsonPath.read(inventory, "$.reserved");
                int sold = JsonPath.read(inventory, "$.sold");
                if (available + reserved + sold != initial || reserved != 0 || sold != expectedSold.get(product)) {
                    problems.add(product + ": available " + available + " reserved " + reserved + " sold " + sold
                            + " (initial " + initial + ", CONFIRMED units " + expectedSold.get(product) + ")");
                }
            }
            if (problems.isEmpty()) {
                return expectedSold;
            }
            if (Instant.now().isAfter(until)) {
                assertThat(problems).as("stock %s after the last fault", Duration.between(lastFault, Instant.now())).isEmpty();
            }
            Shop.sleep(1000);
        }
    }

    /** What the processor did for each order, against what the order says. */
    private List<String> ledgerProblems(LaunchedPlatform platform, Map<String, String> statuses) throws Exception {
        List<String> problems = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> checks = new ArrayList<>();
        for (Placed order : placed.values()) {
            checks.add(pool.submit(() -> {
                String ledger = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + platform.port(8089)
                        + "/v1/ledger?reference=" + order.id())).timeout(Duration.ofSeconds(20)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                String problem = LedgerCheck.problem(statuses.get(order.id()), order.total(), ledger);
                if (problem != null) {
                    problems.add(order.id() + " (" + statuses.get(order.id()) + ", card " + order.card().substring(12) + "): "
                            + problem + " — ledger " + ledger);
                }
                return null;
            }));
        }
        for (Future<?> check : checks) {
            check.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        return problems;
    }

    /**
     * One email per order per state, counted per customer: ORDER_CONFIRMED for every order that was confirmed,
     * ORDER_REJECTED for every rejected one, ORDER_CANCELLED and PAYMENT_REFUNDED for every cancelled one.
     * Returns what does not match once the counts are stable.
     */
    private Map<String, String> awaitNotifications(Shop shop, List<String> customers, Map<String, String> statuses) {
        Instant until = Instant.now().plusSeconds(90);
        while (true) {
            Map<String, Map<String, Integer>> counts = new ConcurrentHashMap<>();
            for (String customer : customers) {
                for (int page = 0; ; page++) {
                    String body = shop.get("/api/notifications?size=100&page=" + page, customer).body();
                    List<Map<String, Object>> content = JsonPath.read(body, "$.content");
                    for (Map<String, Object> n : content) {
                        if (!"EMAIL".equals(n.get("channel")) || "WELCOME".equals(n.get("type"))) {
                            continue;
                        }
                        String subject = String.valueOf(n.get("subject"));
                        counts.computeIfAbsent(orderNumber(subject), x -> new ConcurrentHashMap<>())
                                .merge(String.valueOf(n.get("type")), 1, Integer::sum);
                    }
                    int totalPages = JsonPath.read(body, "$.page.totalPages");
                    if (page + 1 >= totalPages) {
                        break;
                    }
                }
            }
            Map<String, String> mismatches = new TreeMap<>();
            for (Placed order : placed.values()) {
                Map<String, Integer> expected = switch (statuses.get(order.id())) {
                    case "CONFIRMED" -> Map.of("ORDER_CONFIRMED", 1);
                    case "REJECTED" -> Map.of("ORDER_REJECTED", 1);
                    case "CANCELLED" -> Map.of("ORDER_CONFIRMED", 1, "ORDER_CANCELLED", 1, "PAYMENT_REFUNDED", 1);
                    default -> Map.of();
                };
                Map<String, Integer> actual = counts.getOrDefault(order.id().substring(0, 8).toUpperCase(), Map.of());
                if (!expected.equals(actual)) {
                    mismatches.put(order.id(), "expected " + expected + ", got " + actual);
                }
            }
            boolean missingOnly = mismatches.values().stream().allMatch(m -> !m.contains("=2") && !m.contains("=3"));
            if (mismatches.isEmpty() || !missingOnly || Instant.now().isAfter(until)) {
                return mismatches;
            }
            Shop.sleep(2000);
        }
    }

    private static String orderNumber(String subject) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b([0-9A-F]{8})\\b").matcher(subject);
        return m.find() ? m.group(1) : subject;
    }

    /** Every record of every {@code .DLT} topic on the broker. */
    private List<String> deadLetters(LaunchedPlatform platform) throws Exception {
        String brokers = "localhost:" + platform.port(9092);
        List<String> letters = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers));
             KafkaTopics topics = new KafkaTopics(brokers)) {
            for (String topic : admin.listTopics().names().get(30, TimeUnit.SECONDS)) {
                if (topic.endsWith(".DLT")) {
                    topics.readAll(topic).forEach(record -> letters.add(topic + ": " + record));
                }
            }
        }
        return letters;
    }

    private String report(Instant begin, Instant load, Instant lastFault, Instant drained, Map<String, String> statuses,
            Map<String, Integer> sold, int initial, List<String> ledgerProblems, Map<String, String> mails,
            List<String> deadLetters) {
        Map<String, Long> byStatus = new TreeMap<>(statuses.values().stream()
                .collect(Collectors.groupingBy(s -> s, Collectors.counting())));
        StringBuilder out = new StringBuilder("# Chaos run\n\n");
        out.append("| orders | statuses | faults | load (first order → last fault) | drain (last fault → all terminal) | total |\n");
        out.append("|---|---|---|---|---|---|\n");
        out.append("| %d | %s | %d kills + processor latency 20 ms, 10 %% transient failures, 5 %% lost answers | %d s | %d s | %d s |\n"
                .formatted(placed.size(), byStatus, killsDone.get(), Duration.between(load, lastFault).toSeconds(),
                        Duration.between(lastFault, drained).toSeconds(), Duration.between(begin, Instant.now()).toSeconds()));
        out.append("\nInvariants: stock per product (initial ").append(initial).append(", sold ").append(sold.values())
                .append(") conserved with nothing reserved; ledger problems ").append(ledgerProblems.size())
                .append("; email mismatches ").append(mails.size()).append("; dead letters ").append(deadLetters.size()).append("\n\nFaults:\n");
        faultLog.forEach(f -> out.append("- ").append(f).append('\n'));
        drainLog.forEach(d -> out.append("- DRAIN ").append(d).append('\n'));
        ledgerProblems.stream().limit(20).forEach(p -> out.append("- LEDGER ").append(p).append('\n'));
        mails.entrySet().stream().limit(20).forEach(e -> out.append("- EMAIL ").append(e.getKey()).append(' ').append(e.getValue()).append('\n'));
        deadLetters.stream().limit(20).forEach(d -> out.append("- DLT ").append(d).append('\n'));
        return out.toString();
    }
}
