package dev.emporium.payment.processor;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The card processor hop: a RestClient on the processor's URL (not through discovery) with connect and read
 * timeouts, traced like every other call, behind the "card-processor" circuit breaker and a retry of 503 answers,
 * both exported as metrics ({@code resilience4j_circuitbreaker_state{name="card-processor"}}, ...).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProcessorProperties.class)
public class ProcessorConfiguration {

    public static final String NAME = "card-processor";

    @Bean
    CircuitBreakerRegistry circuitBreakerRegistry(MeterRegistry meters) {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        return registry;
    }

    @Bean
    RetryRegistry retryRegistry(MeterRegistry meters) {
        RetryRegistry registry = RetryRegistry.ofDefaults();
        TaggedRetryMetrics.ofRetryRegistry(registry).bindTo(meters);
        return registry;
    }

    @Bean
    CardProcessor cardProcessor(ProcessorProperties properties, ObservationRegistry observations, JsonMapper json,
            CircuitBreakerRegistry breakers, RetryRegistry retries) {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout()).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(properties.readTimeout());
        RestClient http = RestClient.builder().baseUrl(properties.url().toString()).observationRegistry(observations)
                .requestFactory(requests).build();

        ProcessorProperties.Breaker settings = properties.breaker();
        return new HttpCardProcessor(http, json,
                breakers.circuitBreaker(NAME, CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(settings.window())
                        .minimumNumberOfCalls(settings.minimumCalls())
                        .failureRateThreshold(settings.failureRatePercent())
                        .waitDurationInOpenState(settings.openFor())
                        .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
                        .ignoreExceptions(HttpCardProcessor.Busy.class)
                        .build()),
                retries.retry(NAME, RetryConfig.custom()
                        .maxAttempts(Math.max(1, properties.attempts()))
                        .intervalFunction(IntervalFunction.ofExponentialBackoff(properties.backoff(), 2.0))
                        .retryOnException(HttpCardProcessor.Busy.class::isInstance)
                        .build()));
    }
}
