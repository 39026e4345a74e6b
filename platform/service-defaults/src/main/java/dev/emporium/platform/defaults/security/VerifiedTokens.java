package dev.emporium.platform.defaults.security;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Access tokens whose RS256 signature this process has already verified, for {@code emporium.security.token-cache}
 * (one minute) after the first time. A client sends the same token with every request until it expires, and each
 * request is checked by the gateway and again by every service it reaches, so verifying the signature each time
 * was 5–12 % of each JVM's CPU under load (docs/benchmarks.md). A token is found only by its exact text, so a
 * cached entry can never answer for another token; the claims are validated again on every use (expiry, issuer,
 * audience), so a cached token stops working the moment it expires. Tokens that fail are never cached.
 * A zero {@code keepFor} leaves the decoders as they are. Spring Security and Nimbus have no such cache; this is
 * Caffeine around the decoders.
 */
public final class VerifiedTokens {

    private final boolean enabled;
    private final Cache<String, Jwt> verified;
    private final OAuth2TokenValidator<Jwt> validator;

    public VerifiedTokens(Duration keepFor, long maximumSize, OAuth2TokenValidator<Jwt> validator) {
        this.enabled = keepFor.isPositive();
        this.verified = Caffeine.newBuilder().expireAfterWrite(keepFor).maximumSize(maximumSize).build();
        this.validator = validator;
    }

    /** A blocking decoder that asks {@code delegate} only for tokens it has not verified yet. */
    public JwtDecoder around(JwtDecoder delegate) {
        if (!enabled) {
            return delegate;
        }
        return token -> {
            Jwt known = known(token);
            return known != null ? known : remember(token, delegate.decode(token));
        };
    }

    /** The same for a reactive decoder (the gateway). */
    public ReactiveJwtDecoder around(ReactiveJwtDecoder delegate) {
        if (!enabled) {
            return delegate;
        }
        return token -> Mono.defer(() -> {
            Jwt known = known(token);
            return known != null ? Mono.just(known) : delegate.decode(token).map(jwt -> remember(token, jwt));
        });
    }

    /** The token's claims if its signature was verified before and its claims are still valid; null if unknown. */
    private Jwt known(String token) {
        Jwt jwt = verified.getIfPresent(token);
        if (jwt == null) {
            return null;
        }
        OAuth2TokenValidatorResult result = validator.validate(jwt);
        if (result.hasErrors()) {
            verified.invalidate(token);
            throw new JwtValidationException(result.getErrors().iterator().next().getDescription(), result.getErrors());
        }
        return jwt;
    }

    /** Remembers a token the delegate decoder has just verified and validated. */
    private Jwt remember(String token, Jwt jwt) {
        verified.put(token, jwt);
        return jwt;
    }
}
