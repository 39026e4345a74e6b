package dev.emporium.platform.defaults.lifecycle;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** Process-level defaults: follow the launcher's lifetime when started by it. */
@AutoConfiguration
public class LifecycleDefaultsAutoConfiguration {

    @Bean
    @ConditionalOnProperty("EMPORIUM_PARENT_PID")
    ParentProcessWatchdog parentProcessWatchdog(Environment environment, ConfigurableApplicationContext context) {
        long pid = Long.parseLong(environment.getRequiredProperty("EMPORIUM_PARENT_PID"));
        return new ParentProcessWatchdog(pid, context);
    }
}
