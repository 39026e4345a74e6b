package dev.emporium.monolith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * One service as a module of the monolith: its own {@link SpringApplication} (context, port, database, consumer
 * group), started from the service's own application class and its own {@code application.yml}.
 *
 * @param name the service's name, as in the launcher and the deployment files
 * @param application the service's {@code @SpringBootApplication} class
 * @param webType servlet for the services, reactive for the gateway (both stacks share the classpath here, so it is
 *        said, not deduced)
 */
record Module(String name, Class<?> application, WebApplicationType webType) {

    /**
     * The property source of this module's own settings, above the process environment; Spring Boot maps
     * {@code SPRING_DATASOURCE_URL}-style names only in sources named like the system environment.
     */
    static final String SETTINGS = "emporium-module-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;

    SpringApplication springApplication(Map<String, String> environment) {
        SpringApplication app = new SpringApplication(application);
        app.setWebApplicationType(webType);
        app.addListeners(new Settings(settings(environment)));
        return app;
    }

    /**
     * What this module runs with besides the shared environment: its own {@code application.yml} (every module jar
     * has one at the same path, so it is named by URL), and the variables meant for it alone:
     * {@code ORDER_SERVICE_PORT=8083} is {@code PORT=8083} for order-service only, the launcher's convention for
     * per-service settings.
     */
    Map<String, Object> settings(Map<String, String> environment) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("spring.config.location", ownConfiguration().toString());
        settings.put(ModuleAutoConfigurations.MODULE, name);
        // one log for the JVM: a fixed application name on every line would name the wrong module
        settings.put("logging.include-application-name", "false");
        settings.put("logging.structured.ecs.service.name", "emporium-monolith");
        String prefix = name.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
        environment.forEach((key, value) -> {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                settings.put(key.substring(prefix.length()), value);
            }
        });
        return settings;
    }

    /** This module's {@code application.yml}: the one inside the jar (or classes folder) its application class is in. */
    URL ownConfiguration() {
        String home = application.getProtectionDomain().getCodeSource().getLocation().toString();
        try {
            for (URL candidate : Collections.list(application.getClassLoader().getResources("application.yml"))) {
                if (candidate.toString().contains(home)) {
                    return candidate;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(name + ": no application.yml beside " + application.getName() + " in " + home);
    }

    /**
     * Puts the module's settings above the process environment before the configuration files are read (so
     * {@code spring.config.location} is in effect), as a system-environment source so that {@code PORT} or
     * {@code SPRING_DATASOURCE_URL} bind exactly as they do from a real environment variable.
     */
    private record Settings(Map<String, Object> values) implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

        @Override
        public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
            event.getEnvironment().getPropertySources().addBefore(
                    StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    new SystemEnvironmentPropertySource(SETTINGS, values));
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }
}
