package dev.emporium.platform.defaults.data;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.data.relational.core.mapping.RelationalMappingContext;

/**
 * Spring Data JDBC quotes identifiers in the dialect's letter case: upper case on H2, lower case on
 * PostgreSQL. Our schemas are written in plain lower case for both (H2 runs with DATABASE_TO_LOWER), so
 * unquoted identifiers are what matches on either database.
 */
@AutoConfiguration
@ConditionalOnClass(RelationalMappingContext.class)
public class JdbcDefaultsAutoConfiguration {

    @Bean
    static BeanPostProcessor unquotedIdentifiers() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof RelationalMappingContext context) {
                    context.setForceQuote(false);
                }
                return bean;
            }
        };
    }
}
