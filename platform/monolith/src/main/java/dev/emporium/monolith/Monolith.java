package dev.emporium.monolith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.emporium.analytics.AnalyticsServiceApplication;
import dev.emporium.gateway.ApiGatewayApplication;
import dev.emporium.notification.NotificationServiceApplication;
import dev.emporium.order.OrderServiceApplication;
import dev.emporium.payment.PaymentServiceApplication;
import dev.emporium.product.ProductServiceApplication;
import dev.emporium.user.UserServiceApplication;

import org.springframework.boot.WebApplicationType;

/**
 * The modular monolith: every service as a module in this one JVM, each its own Spring context with its own port,
 * database and Kafka consumer group, all sharing one set of loaded and compiled classes. The modules talk to each
 * other exactly as the services do (HTTP and gRPC on localhost, the checkout messages through Kafka), so a module can leave
 * for a process of its own ({@code EMPORIUM_EXTRACTED=order-service}) without anyone noticing but the process list.
 *
 * <p>Discovery is by host name (the {@code kubernetes} profile, {@code EMPORIUM_<SERVICE>_URL}), Kafka is external
 * ({@code KAFKA_BOOTSTRAP_SERVERS}). A module that fails to start ends the JVM (exit 1), so a supervisor restarts
 * the whole deployable, as it would a service.
 */
public final class Monolith {

    /**
     * Every Emporium service; the gateway last. Not the card-processor simulator: it stands in for an outside
     * payment provider and stays a process of its own, as Kafka does.
     */
    static final List<Module> MODULES = List.of(
            new Module("user-service", UserServiceApplication.class, WebApplicationType.SERVLET),
            new Module("product-service", ProductServiceApplication.class, WebApplicationType.SERVLET),
            new Module("order-service", OrderServiceApplication.class, WebApplicationType.SERVLET),
            new Module("payment-service", PaymentServiceApplication.class, WebApplicationType.SERVLET),
            new Module("notification-service", NotificationServiceApplication.class, WebApplicationType.SERVLET),
            new Module("analytics-service", AnalyticsServiceApplication.class, WebApplicationType.SERVLET),
            new Module("api-gateway", ApiGatewayApplication.class, WebApplicationType.REACTIVE));

    /** Names the modules that run elsewhere (extracted to their own processes), comma-separated. */
    static final String EXTRACTED = "EMPORIUM_EXTRACTED";

    private Monolith() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> environment = System.getenv();
        List<Module> hosted = hosted(environment.getOrDefault(EXTRACTED, ""));
        Instant begin = Instant.now();
        List<Future<?>> starting = new ArrayList<>();
        try (ExecutorService starter = Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().name("module-start-", 0).factory())) {
            for (Module module : hosted) {
                starting.add(starter.submit(() -> module.springApplication(environment).run(args)));
            }
            for (int i = 0; i < hosted.size(); i++) {
                try {
                    starting.get(i).get();
                } catch (ExecutionException e) {
                    System.err.println("monolith: module " + hosted.get(i).name() + " did not start: " + e.getCause());
                    System.exit(1);
                }
            }
        }
        System.out.printf("monolith: %d modules up in %.1f s: %s%n", hosted.size(),
                Duration.between(begin, Instant.now()).toMillis() / 1000.0, hosted.stream().map(Module::name).toList());
    }

    /** The modules to run here: all but the extracted ones; an unknown name is a mistake, not a no-op. */
    static List<Module> hosted(String extracted) {
        Set<String> names = new LinkedHashSet<>();
        Arrays.stream(extracted.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(names::add);
        List<String> known = MODULES.stream().map(Module::name).toList();
        for (String name : names) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException(EXTRACTED + ": no module named " + name + "; modules: " + known);
            }
        }
        List<Module> hosted = MODULES.stream().filter(m -> !names.contains(m.name())).toList();
        if (hosted.isEmpty()) {
            throw new IllegalArgumentException(EXTRACTED + " names every module: nothing left to run here");
        }
        return hosted;
    }
}
