package dev.emporium.order.remote;

import dev.emporium.platform.defaults.identity.ServiceTokens;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.grpc.client.GrpcChannelFactory;

/**
 * gRPC to other services: instances found through discovery ({@link GrpcTargets}), a deadline per call, and one
 * bulkhead, breaker and retry per service, exported as metrics ({@code resilience4j_circuitbreaker_state}, ...),
 * their settings live ({@link LiveDependencySettings}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DependencyProperties.class)
class RemoteConfiguration {

    @Bean
    GrpcTargets grpcTargets(LoadBalancerClient loadBalancer, GrpcChannelFactory channels) {
        return new GrpcTargets(loadBalancer, channels);
    }

    /** order-service calls with its own identity, or not at all: without credentials it does not start. */
    static ServiceTokens identity(ObjectProvider<ServiceTokens> tokens) {
        ServiceTokens identity = tokens.getIfAvailable();
        if (identity == null) {
            throw new IllegalStateException("order-service calls product-service and payment-service with a service "
                    + "token of its own: set EMPORIUM_CLIENT_SECRET to its client secret at user-service "
                    + "(docs/security.md, \"Service identity\")");
        }
        return identity;
    }

    @Bean
    GrpcWarmUp grpcWarmUp(GrpcTargets targets, ObjectProvider<ServiceTokens> tokens) {
        return new GrpcWarmUp(targets, identity(tokens));
    }

    @Bean
    LiveDependencySettings liveDependencySettings(Environment environment, CatalogClient catalog,
            PaymentMethodsClient paymentMethods) {
        return new LiveDependencySettings(environment, catalog, paymentMethods);
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
    CatalogClient catalogClient(GrpcTargets targets, ObjectProvider<ServiceTokens> tokens, DependencyProperties properties,
            CircuitBreakerRegistry breakers, RetryRegistry retries, BulkheadRegistry bulkheads) {
        return new CatalogClient(targets, identity(tokens), new Dependency(CatalogClient.SERVICE, properties.breaker(), true, breakers,
                retries, bulkheads), properties.deadline());
    }

    @Bean
    PaymentMethodsClient paymentMethodsClient(GrpcTargets targets, ObjectProvider<ServiceTokens> tokens, DependencyProperties properties,
            CircuitBreakerRegistry breakers, RetryRegistry retries, BulkheadRegistry bulkheads) {
        return new PaymentMethodsClient(targets, identity(tokens), new Dependency(PaymentMethodsClient.SERVICE, properties.breaker(), false,
                breakers, retries, bulkheads), properties.deadline());
    }
}
