package dev.emporium.platform.defaults.security;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * How access tokens are checked ({@code emporium.security.*}), the same in the gateway and every service.
 *
 * @param issuer expected {@code iss}
 * @param audience expected {@code aud}
 * @param jwksUri where the public keys are: {@code lb://user-service/...} through discovery, or a plain URL
 * @param clockSkew tolerance for {@code exp}/{@code nbf}
 * @param publicPaths requests that need no token, as {@code "METHOD /pattern"} or {@code "/pattern"}
 * @param adminPaths requests that need the ADMIN role, checked before the body is even read (the handlers check
 *        again with {@code @PreAuthorize})
 * @param tokenCache how long a token whose signature was verified is remembered ({@link VerifiedTokens}); zero
 *        verifies every request's signature
 * @param jwksCache how long the public keys are kept before they are fetched again (in the background, ahead of
 *        expiry); while user-service cannot be reached the last keys known stay in use ({@link ResilientJwks})
 * @param internalCalls the internal (gRPC) methods of this service and the scope a caller's service token needs for
 *        each, as {@code "package.Service/Method scope"} ({@code Service/*} for all its methods); every other method
 *        is refused
 */
@ConfigurationProperties("emporium.security")
public record ResourceServerProperties(String issuer, String audience, URI jwksUri, Duration clockSkew,
        List<String> publicPaths, List<String> adminPaths, Duration tokenCache, Duration jwksCache,
        List<String> internalCalls) {

    public ResourceServerProperties {
        publicPaths = publicPaths == null ? List.of() : List.copyOf(publicPaths);
        adminPaths = adminPaths == null ? List.of() : List.copyOf(adminPaths);
        internalCalls = internalCalls == null ? List.of() : List.copyOf(internalCalls);
        clockSkew = clockSkew == null ? Duration.ofSeconds(30) : clockSkew;
        tokenCache = tokenCache == null ? Duration.ZERO : tokenCache;
        jwksCache = jwksCache == null ? Duration.ofMinutes(5) : jwksCache;
    }

    /** The tokens already verified, remembered for {@code token-cache} (zero: none). */
    public VerifiedTokens verifiedTokens() {
        return verifiedTokens(EmporiumJwtValidators.create(this));
    }

    /** The same, with the claims checked by {@code validator} on every use. */
    public VerifiedTokens verifiedTokens(OAuth2TokenValidator<Jwt> validator) {
        return new VerifiedTokens(tokenCache, 10_000, validator);
    }

    /** True when the JWKS must be found through the service registry. */
    public boolean jwksThroughDiscovery() {
        return "lb".equals(jwksUri.getScheme());
    }

    /** The JWKS URL with {@code lb://} turned into {@code http://} (the load balancer resolves the host). */
    public String jwksHttpUrl() {
        return jwksThroughDiscovery() ? "http" + jwksUri.toString().substring(2) : jwksUri.toString();
    }
}
