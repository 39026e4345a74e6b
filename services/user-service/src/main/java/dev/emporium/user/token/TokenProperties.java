package dev.emporium.user.token;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Token settings ({@code emporium.jwt.*}).
 *
 * @param issuer {@code iss} of every access token
 * @param audience {@code aud} of every access token
 * @param accessTokenTtl lifetime of an access token (15 minutes)
 * @param refreshTokenTtl lifetime of a refresh token family member
 * @param keyRotationPeriod a new signing key is made when the newest is older than this
 * @param clockSkew tolerance for exp/nbf checks between machines
 * @param signingKeys a JWK set with private keys, replacing the generated ones (production)
 */
@ConfigurationProperties("emporium.jwt")
public record TokenProperties(String issuer, String audience, Duration accessTokenTtl, Duration refreshTokenTtl,
        Duration keyRotationPeriod, Duration clockSkew, String signingKeys) {
}
