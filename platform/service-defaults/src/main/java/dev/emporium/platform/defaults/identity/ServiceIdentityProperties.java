package dev.emporium.platform.defaults.identity;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * This service's own credentials towards the others ({@code emporium.identity.*}): the client id (its application
 * name) and secret it presents to user-service's token endpoint for short-lived service tokens (OAuth2 client
 * credentials). Without a secret the service has no identity of its own and calls nothing that needs one.
 *
 * @param clientId the client registered at user-service; the {@code sub} of this service's tokens
 * @param clientSecret from the environment ({@code EMPORIUM_CLIENT_SECRET}: generated per run by the launcher, a
 *        Kubernetes Secret in a cluster); never in {@code config/}
 * @param scopes the scopes this service asks for: what it calls (user-service grants at most those registered for it)
 * @param tokenUri user-service's token endpoint: {@code lb://user-service/...} through discovery, or a plain URL
 * @param refreshAhead a token is renewed in the background when it has less than this left to live, so calls never
 *        wait for one (nor fail while user-service is briefly away)
 */
@ConfigurationProperties("emporium.identity")
public record ServiceIdentityProperties(String clientId, String clientSecret, List<String> scopes, URI tokenUri,
        Duration refreshAhead) {

    public ServiceIdentityProperties {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        refreshAhead = refreshAhead == null ? Duration.ofMinutes(1) : refreshAhead;
    }

    /** True when the token endpoint must be found through the service registry. */
    public boolean throughDiscovery() {
        return "lb".equals(tokenUri.getScheme());
    }

    /** The token endpoint with {@code lb://} turned into {@code http://} (the load balancer resolves the host). */
    public String tokenHttpUrl() {
        return throughDiscovery() ? "http" + tokenUri.toString().substring(2) : tokenUri.toString();
    }
}
