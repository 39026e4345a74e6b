package dev.emporium.platform.defaults.config;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/** Every service says what it took from the central configuration (log, {@code /actuator/info}, a metric). */
@AutoConfiguration
@ConditionalOnClass({EnvironmentChangeEvent.class, InfoContributor.class})
public class CentralConfigurationAutoConfiguration {

    @Bean
    CentralConfiguration centralConfiguration(ConfigurableEnvironment environment, ObjectProvider<MeterRegistry> meters) {
        return new CentralConfiguration(environment, meters.getIfAvailable());
    }
}
