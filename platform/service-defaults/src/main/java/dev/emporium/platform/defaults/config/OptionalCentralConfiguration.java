package dev.emporium.platform.defaults.config;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The central configuration is optional: the services import it ({@code optional:configserver:} in their
 * application.yml), but an application built on service-defaults that does not (a test application, a tool) must
 * still start. Spring Cloud Config's client refuses to start without an import unless its check is off; this turns
 * the check off, at the lowest precedence (a property set anywhere else wins), just before Spring Cloud runs it.
 */
public class OptionalCentralConfiguration implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE = "emporium-optional-central-configuration";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE,
                Map.of("spring.cloud.config.import-check.enabled", "false")));
    }

    @Override
    public int getOrder() {
        // after the config files are read; Spring Cloud's ConfigDataMissingEnvironmentPostProcessor runs at +1000
        return ConfigDataEnvironmentPostProcessor.ORDER + 999;
    }
}
