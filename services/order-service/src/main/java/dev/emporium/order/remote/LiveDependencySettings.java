package dev.emporium.order.remote;

import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/**
 * {@code emporium.dependencies.*} changed in the central configuration (config/order-service.yml, then a bus refresh
 * on any gateway: docs/configuration.md): the deadlines and breakers of the running clients are replaced, without a
 * restart. Read afresh from the environment, as at start, so an environment variable still wins.
 */
class LiveDependencySettings {

    private static final Logger log = LoggerFactory.getLogger(LiveDependencySettings.class);
    static final String PREFIX = "emporium.dependencies";

    private final Environment environment;
    private final CatalogClient catalog;
    private final PaymentMethodsClient paymentMethods;

    LiveDependencySettings(Environment environment, CatalogClient catalog, PaymentMethodsClient paymentMethods) {
        this.environment = environment;
        this.catalog = catalog;
        this.paymentMethods = paymentMethods;
    }

    @EventListener
    void refreshed(EnvironmentChangeEvent change) {
        TreeSet<String> changed = new TreeSet<>(change.getKeys().stream().filter(key -> key.startsWith(PREFIX + ".")).toList());
        if (changed.isEmpty()) {
            return;
        }
        DependencyProperties settings = Binder.get(environment).bindOrCreate(PREFIX, DependencyProperties.class);
        catalog.reconfigure(settings);
        paymentMethods.reconfigure(settings);
        log.info("Dependencies reconfigured ({} changed): deadline {}, breaker {}", changed, settings.deadline(),
                settings.breaker());
    }
}
