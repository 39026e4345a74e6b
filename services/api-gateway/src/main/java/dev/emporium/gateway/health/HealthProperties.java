package dev.emporium.gateway.health;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param services the services that must each have an UP instance for the platform to be healthy
 * @param timeout how long one instance may take to answer its readiness probe
 * @param cacheFor how long an answer is reused, so the public endpoint cannot be used to amplify load
 */
@ConfigurationProperties("emporium.gateway.health")
record HealthProperties(List<String> services, Duration timeout, Duration cacheFor) {
}
