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

    private EmporiumJwtValidators() {
    }

    public static OAuth2TokenValidator<Jwt> create(ResourceServerProperties properties) {
        return new DelegatingOAuth2TokenValidator<>(List.of(
                new JwtTimestampValidator(properties.clockSkew()),
                JwtTypeValidator.jwt(),
                new JwtIssuerValidator(properties.issuer()),
                new JwtAudienceValidator(properties.audience()),
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
