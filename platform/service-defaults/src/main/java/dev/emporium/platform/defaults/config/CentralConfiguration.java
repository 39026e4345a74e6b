package dev.emporium.platform.defaults.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
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
 * What this instance took from the central configuration (config/ of the repository, through the config server, or
 * mounted as files in a cluster):
 * said once in the log when the service is up — how many values from where, or that the server was not reachable
 * and the built-in defaults apply — and again after every refresh with the keys that changed. Its version (the first
 * 12 hex digits of a SHA-256 over the values served) is in {@code /actuator/info} as {@code config}, so two instances
 * can be compared at a glance, and in the metrics as {@code emporium_config_info{version="…"} 1} ({@code defaults}
 * when nothing was served), which the operations console shows per instance.
 */
public class CentralConfiguration implements InfoContributor {

    private static final Logger log = LoggerFactory.getLogger(CentralConfiguration.class);

    /** Spring Cloud Config names the property sources it adds {@code configserver:<location>}. */
    static final String PREFIX = "configserver:";
    /**
     * Where a cluster mounts the same files as a ConfigMap (deploy/kubernetes, imported with
     * {@code SPRING_CONFIG_IMPORT}); Spring Boot names such a source {@code Config resource 'file [<path>]' via …}.
     */
    static final String MOUNTED = "/etc/emporium/config/";

    static final String DEFAULTS = "defaults";

    private final ConfigurableEnvironment environment;
    private final MultiGauge versionGauge;

    /** {@code meters}: where the version is published as a metric, or null. */
    public CentralConfiguration(ConfigurableEnvironment environment, MeterRegistry meters) {
        this.environment = environment;
        this.versionGauge = meters == null ? null : MultiGauge.builder("emporium.config.info")
                .description("The version of the central configuration this instance runs (1 for the current one)")
                .register(meters);
    }

    /** The version of the values served, or {@code defaults} when none were. */
    public String version() {
        Served served = served();
        return served.values().isEmpty() ? DEFAULTS : served.version();
    }

    private void publish() {
        if (versionGauge != null) {
            versionGauge.register(List.of(MultiGauge.Row.of(Tags.of("version", version()), 1)), true);
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        publish();
        Served served = served();
        String imported = environment.getProperty("spring.config.import", "");
        if (!imported.contains(PREFIX) && !imported.contains(MOUNTED)) {
            return; // not a client of the central configuration (discovery-server serves it)
        }
        if (!served.values().isEmpty()) {
            log.info("Central configuration: {} values from {}, version {}", served.values().size(), served.sources(),
                    served.version());
        } else if (!environment.getProperty("spring.cloud.config.enabled", Boolean.class, true)) {
            log.info("Central configuration: off (spring.cloud.config.enabled=false); built-in defaults and the "
                    + "environment apply");
        } else {
            log.info("Central configuration: none served ({} did not answer); built-in defaults and the environment "
                    + "apply", imported);
        }
    }

    @EventListener(EnvironmentChangeEvent.class)
    void refreshed(EnvironmentChangeEvent change) {
        publish();
        log.info("Central configuration refreshed: version {}, changed {}", served().version(),
                new TreeSet<>(change.getKeys()));
    }

    @Override
    public void contribute(Info.Builder info) {
        Served served = served();
        info.withDetail("config", served.values().isEmpty() ? Map.of("source", "built-in defaults")
                : Map.of("source", served.sources(), "version", served.version(), "values", served.values().size()));
    }

    /** The values the config server gave (or the mounted files), in a stable order, and where they came from. */
    Served served() {
        Map<String, String> values = new TreeMap<>();
        StringBuilder sources = new StringBuilder();
        for (PropertySource<?> source : environment.getPropertySources()) {
            String name = source.getName();
            boolean central = name.startsWith(PREFIX) || name.contains("file [" + MOUNTED);
            if (central && source instanceof EnumerablePropertySource<?> enumerable) {
                sources.append(sources.isEmpty() ? "" : ", ").append(name.startsWith(PREFIX) ? name.substring(PREFIX.length())
                        : name.substring(name.indexOf('[') + 1, name.indexOf(']')));
                for (String key : enumerable.getPropertyNames()) {
                    values.putIfAbsent(key, String.valueOf(enumerable.getProperty(key)));
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
