package dev.emporium.platform.defaults.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/** Same code in a cluster: the kubernetes profile swaps Eureka for Service DNS names, nothing else to configure. */
class KubernetesProfileTest {

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
    }

    @Test
    void servicesAreFoundByTheirServiceDnsNamesWithoutEureka() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE).profiles("kubernetes")
                .properties("spring.application.name=order-service", "EMPORIUM_PAYMENT_SERVICE_URL=http://payments.shop:9000")
                .run()) {
            DiscoveryClient discovery = context.getBean(DiscoveryClient.class);
            assertThat(discovery.getInstances("product-service")).extracting(ServiceInstance::getUri)
                    .containsExactly(URI.create("http://product-service:8082"));
            assertThat(discovery.getInstances("payment-service")).extracting(ServiceInstance::getUri)
                    .containsExactly(URI.create("http://payments.shop:9000"));
            assertThat(context.getEnvironment().getProperty("eureka.client.enabled")).isEqualTo("false");
            assertThat(context.getEnvironment().getProperty("logging.structured.format.console")).isEqualTo("ecs");
            assertThat(context.getBeanNamesForType(com.netflix.discovery.EurekaClient.class)).isEmpty();
        }
    }

    @Test
    void withoutTheProfileEurekaStaysOn() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE).properties("spring.application.name=order-service",
                        "eureka.client.register-with-eureka=false", "eureka.client.fetch-registry=false")
                .run()) {
            assertThat(context.getEnvironment().getProperty("eureka.client.enabled")).isEqualTo("true");
            assertThat(context.getEnvironment().getProperty("spring.cloud.discovery.client.simple.instances.product-service[0].uri"))
                    .isNull();
        }
    }
}
