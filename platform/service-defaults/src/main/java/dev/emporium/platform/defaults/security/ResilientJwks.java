package dev.emporium.platform.defaults.security;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.time.Duration;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestOperations;

/**
 * The public keys that verify access tokens, kept so that tokens already issued keep working while user-service is
 * down: the key set is cached for {@code cache} and refreshed in the background before it expires; when user-service
 * cannot be reached the last keys known stay in use (however long the outage) and are cached again, so a dead
 * user-service is asked once per cache period, not on every request. A token signed with a key not known yet (after
 * a rotation) makes the set be fetched again. Nimbus's {@link JWKSourceBuilder} does all of it; Spring's
 * {@code NimbusJwtDecoder.withJwkSetUri} would drop the keys when its cache expires during an outage.
 */
public final class ResilientJwks {

    private ResilientJwks() {
    }

    /** A decoder of RS256 tokens whose keys come from {@code jwksUrl} through {@code http} (load-balanced or not). */
    public static NimbusJwtDecoder decoder(String jwksUrl, RestOperations http, Duration cache) {
        return decoder(keys(jwksUrl, http, cache));
    }

    /** The keys at {@code jwksUrl}, cached, refreshed ahead and kept through outages: one source per process. */
    public static JWKSource<SecurityContext> keys(String jwksUrl, RestOperations http, Duration cache) {
        long ttl = cache.toMillis();
        long refreshTimeout = Math.min(3_000, ttl / 4);
        return JWKSourceBuilder.create(url(jwksUrl), retriever(http))
                .cache(ttl, refreshTimeout)
                .refreshAheadCache(Math.min(60_000, ttl / 4), true)
                .outageTolerantForever()
                // fetches for keys nobody published (forged key ids) are spaced out: never one per request
                .rateLimited(Math.min(30_000, ttl / 8))
                .build();
    }

    /** A decoder of RS256 tokens signed with one of {@code keys}; the claims are for Spring's validators. */
    public static NimbusJwtDecoder decoder(JWKSource<SecurityContext> keys) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWTClaimsSetVerifier((claims, context) -> {
            // the claims are Spring's validators' to check (EmporiumJwtValidators), not Nimbus's
        });
        return new NimbusJwtDecoder(processor);
    }

    private static ResourceRetriever retriever(RestOperations http) {
        return url -> {
            try {
                ResponseEntity<String> answer = http.getForEntity(url.toURI(), String.class);
                String type = answer.getHeaders().getContentType() == null ? "application/json"
                        : answer.getHeaders().getContentType().toString();
                return new Resource(answer.getBody(), type);
            } catch (RestClientException | URISyntaxException | IllegalStateException unreachable) {
                throw new IOException("The JWK set at " + url + " could not be read: " + unreachable.getMessage(), unreachable);
            }
        };
    }

    private static URL url(String jwksUrl) {
        try {
            return URI.create(jwksUrl).toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException("Not a JWKS URL: " + jwksUrl, e);
        }
    }
}
