package dev.emporium.gateway.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every breaker the routes name (one per service, see application.yml) gets the thresholds of
 * {@link RouteResilienceProperties}, set here explicitly: Resilience4j's defaults need 100 calls before a breaker may
 * open and cut every call at one second.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RouteResilienceProperties.class)
class RouteResilienceConfiguration {

    @Bean
    Customizer<ReactiveResilience4JCircuitBreakerFactory> routeBreakers(RouteResilienceProperties properties) {
        return factory -> factory.configureDefault(service -> new Resilience4JConfigBuilder(service)
                .circuitBreakerConfig(CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(properties.window())
                        .minimumNumberOfCalls(properties.minimumCalls())
                        .failureRateThreshold(properties.failureRatePercent())
                        .waitDurationInOpenState(properties.openFor())
                        .permittedNumberOfCallsInHalfOpenState(properties.halfOpenCalls())
                        .build())
                .timeLimiterConfig(TimeLimiterConfig.custom().timeoutDuration(properties.timeoutOf(service)).build())
                .build());
    }
}
