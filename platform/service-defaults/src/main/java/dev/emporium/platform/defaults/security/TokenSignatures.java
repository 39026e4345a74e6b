package dev.emporium.platform.defaults.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The signature check of user-service's tokens, once per process: one set of public keys ({@link ResilientJwks}:
 * fetched, cached, refreshed ahead, kept through outages) behind every decoder the service needs — the public API's
 * (customers' tokens) and, in a service that serves gRPC, its internal API's (service tokens). Each decoder checks
 * its own claims and remembers the tokens it verified ({@link VerifiedTokens}).
 */
public final class TokenSignatures {

    private final JWKSource<SecurityContext> keys;
    private final ResourceServerProperties properties;

    public TokenSignatures(JWKSource<SecurityContext> keys, ResourceServerProperties properties) {
        this.keys = keys;
        this.properties = properties;
    }

    /** RS256 tokens signed with user-service's keys whose claims {@code claims} accepts. */
    public JwtDecoder decoder(OAuth2TokenValidator<Jwt> claims) {
        NimbusJwtDecoder decoder = ResilientJwks.decoder(keys);
        decoder.setJwtValidator(claims);
        return properties.verifiedTokens(claims).around(decoder);
    }
}
