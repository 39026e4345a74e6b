package dev.emporium.order.remote;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * HTTP to other services: a load-balanced RestClient (host names are service ids resolved through discovery),
 * with connect and read timeouts, and one breaker per service, exported as metrics
 * ({@code resilience4j_circuitbreaker_state}, ...).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DependencyProperties.class)
class RemoteConfiguration {

    @Bean
    @LoadBalanced
    RestClient.Builder loadBalancedRestClientBuilder(DependencyProperties properties) {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout()).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(properties.readTimeout());
        return RestClient.builder().requestFactory(requests);
    }

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
    CatalogClient catalogClient(RestClient.Builder http, DependencyProperties properties, CircuitBreakerRegistry breakers,
            RetryRegistry retries) {
        return new CatalogClient(http.build(),
                new Dependency("product-service", properties.breaker(), true, breakers, retries));
    }

    @Bean
    PaymentMethodsClient paymentMethodsClient(RestClient.Builder http, DependencyProperties properties,
            CircuitBreakerRegistry breakers, RetryRegistry retries) {
        return new PaymentMethodsClient(http.build(),
                new Dependency("payment-service", properties.breaker(), false, breakers, retries));
    }
}
