package dev.emporium.order.remote;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClient;
import org.springframework.cloud.client.loadbalancer.LoadBalancerInterceptor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * HTTP to other services: a RestClient whose host names are service ids resolved through discovery,
 * with connect and read timeouts, and one breaker per service, exported as metrics
 * ({@code resilience4j_circuitbreaker_state}, ...).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DependencyProperties.class)
class RemoteConfiguration {

    /**
     * Not a {@code @LoadBalanced RestClient.Builder} bean: the Eureka client builds its own RestClient from the
     * context's builder and must keep talking to plain host names. The observation registry makes every call a
     * client span with {@code traceparent} on the request, and an {@code http.client.requests} timer.
     */
    @Bean
    RestClient serviceClient(ObservationRegistry observations, DependencyProperties properties,
            LoadBalancerClient loadBalancer) {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout()).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(properties.readTimeout());
        return RestClient.builder().observationRegistry(observations).requestFactory(requests).requestInterceptor(new LoadBalancerInterceptor(loadBalancer)).build();
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
    BulkheadRegistry bulkheadRegistry(MeterRegistry meters) {
        BulkheadRegistry registry = BulkheadRegistry.ofDefaults();
        TaggedBulkheadMetrics.ofBulkheadRegistry(registry).bindTo(meters);
        return registry;
    }

    @Bean
    CatalogClient catalogClient(RestClient serviceClient, DependencyProperties properties, CircuitBreakerRegistry breakers,
            RetryRegistry retries, BulkheadRegistry bulkheads) {
        return new CatalogClient(serviceClient,
                new Dependency("product-service", properties.breaker(), true, breakers, retries, bulkheads));
    }

    @Bean
    PaymentMethodsClient paymentMethodsClient(RestClient serviceClient, DependencyProperties properties,
            CircuitBreakerRegistry breakers, RetryRegistry retries, BulkheadRegistry bulkheads) {
        return new PaymentMethodsClient(serviceClient,
                new Dependency("payment-service", properties.breaker(), false, breakers, retries, bulkheads));
    }
}
