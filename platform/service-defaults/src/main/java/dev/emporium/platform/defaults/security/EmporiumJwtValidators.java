package dev.emporium.platform.defaults.security;

import java.util.List;
import java.util.Set;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;

/**
 * What makes an Emporium access token acceptable beyond its RS256 signature (the decoders allow no other
 * algorithm, so {@code none} and HMAC tokens never get here): not expired and already valid (within the
 * clock skew), our issuer, our audience, and no header that points at keys elsewhere.
 */
public final class EmporiumJwtValidators {

    /** Headers that would let a token name its own verification key; Emporium never issues them. */
    static final Set<String> FORBIDDEN_HEADERS = Set.of("jku", "x5u", "jwk", "x5c");

    /** The audience of every service token (beside the services whose internal APIs its scopes open). */
    public static final String SERVICES_AUDIENCE = "emporium-services";

    private EmporiumJwtValidators() {
    }

    /** A customer's access token: for the public API ({@code aud} = the API audience). */
    public static OAuth2TokenValidator<Jwt> create(ResourceServerProperties properties) {
        return create(properties, new JwtAudienceValidator(properties.audience()));
    }

    /**
     * A token presented to an internal API: a service token ({@code aud} {@value #SERVICES_AUDIENCE}), or a customer's
     * access token. Both are authenticated; the internal API then grants only the scopes of a service token addressed
     * to it, so a customer's token or another service's is refused for lack of a scope (403, not 401).
     */
    public static OAuth2TokenValidator<Jwt> forInternalCalls(ResourceServerProperties properties) {
        Set<String> accepted = Set.of(properties.audience(), SERVICES_AUDIENCE);
        return create(properties, jwt -> jwt.getAudience() != null && jwt.getAudience().stream().anyMatch(accepted::contains)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                        "The token is not for Emporium's services", null)));
    }

    private static OAuth2TokenValidator<Jwt> create(ResourceServerProperties properties,
            OAuth2TokenValidator<Jwt> audience) {
        return new DelegatingOAuth2TokenValidator<>(List.of(
                new JwtTimestampValidator(properties.clockSkew()),
                JwtTypeValidator.jwt(),
                new JwtIssuerValidator(properties.issuer()),
                audience,
                EmporiumJwtValidators::noKeyReferences));
    }

    private static OAuth2TokenValidatorResult noKeyReferences(Jwt jwt) {
        for (String header : FORBIDDEN_HEADERS) {
            if (jwt.getHeaders().containsKey(header)) {
                return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                        "The token carries a " + header + " header", null));
            }
        }
        return OAuth2TokenValidatorResult.success();
    }
}
