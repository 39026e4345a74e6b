package dev.emporium.platform.defaults.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * What this instance took from the central configuration (config/ of the repository, through the config server):
 * said once in the log when the service is up — how many values from where, or that the server was not reachable
 * and the built-in defaults apply — and again after every refresh with the keys that changed. Its version (the first
 * 12 hex digits of a SHA-256 over the values served) is in {@code /actuator/info} as {@code config}, so two instances
 * can be compared at a glance.
 */
public class CentralConfiguration implements InfoContributor {

    private static final Logger log = LoggerFactory.getLogger(CentralConfiguration.class);

    /** Spring Cloud Config names the property sources it adds {@code configserver:<location>}. */
    static final String PREFIX = "configserver:";

    private final ConfigurableEnvironment environment;

    public CentralConfiguration(ConfigurableEnvironment environment) {
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        Served served = served();
        String imported = environment.getProperty("spring.config.import", "");
        if (!imported.contains(PREFIX)) {
            return; // not a client of the central configuration (discovery-server serves it)
        }
        if (!environment.getProperty("spring.cloud.config.enabled", Boolean.class, true)) {
            log.info("Central configuration: off (spring.cloud.config.enabled=false); built-in defaults and the "
                    + "environment apply");
        } else if (served.values().isEmpty()) {
            log.info("Central configuration: none served ({} did not answer); built-in defaults and the environment "
                    + "apply", imported);
        } else {
            log.info("Central configuration: {} values from {}, version {}", served.values().size(), served.sources(),
                    served.version());
        }
    }

    @EventListener(EnvironmentChangeEvent.class)
    void refreshed(EnvironmentChangeEvent change) {
        log.info("Central configuration refreshed: version {}, changed {}", served().version(),
                new TreeSet<>(change.getKeys()));
    }

    @Override
    public void contribute(Info.Builder info) {
        Served served = served();
        info.withDetail("config", served.values().isEmpty() ? Map.of("source", "built-in defaults")
                : Map.of("source", served.sources(), "version", served.version(), "values", served.values().size()));
    }

    /** The values the config server gave, in a stable order, and where they came from. */
    Served served() {
        Map<String, String> values = new TreeMap<>();
        StringBuilder sources = new StringBuilder();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source.getName().startsWith(PREFIX) && source instanceof EnumerablePropertySource<?> enumerable) {
                sources.append(sources.isEmpty() ? "" : ", ").append(source.getName().substring(PREFIX.length()));
                for (String name : enumerable.getPropertyNames()) {
                    values.putIfAbsent(name, String.valueOf(enumerable.getProperty(name)));
                }
            }
        }
        return new Served(values, sources.toString());
    }

    record Served(Map<String, String> values, String sources) {

        String version() {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                values.forEach((k, v) -> sha.update((k + '=' + v + '\n').getBytes(StandardCharsets.UTF_8)));
                return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
