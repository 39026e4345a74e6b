package dev.emporium.user.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.emporium.user.account.Role;
import dev.emporium.user.account.User;
import dev.emporium.user.account.Users;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues token pairs: an RS256 access token (the claims the public contract names) and an opaque refresh
 * token whose SHA-256 alone is stored. Refreshing rotates the refresh token; presenting a rotated one again
 * revokes its whole family.
 */
@Service
public class Tokens {

    private final SigningKeys keys;
    private final NimbusJwtEncoder encoder;
    private final JdbcClient jdbc;
    private final Users users;
    private final TokenProperties properties;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    Tokens(SigningKeys keys, JdbcClient jdbc, Users users, TokenProperties properties, Clock clock) {
        this.keys = keys;
        JWKSource<SecurityContext> source = (selector, context) -> selector.select(keys.signingSet());
        this.encoder = new NimbusJwtEncoder(source);
        this.jdbc = jdbc;
        this.users = users;
        this.properties = properties;
        this.clock = clock;
    }

    /** A fresh pair after a successful login: a new refresh token family. */
    @Transactional
    public TokenPair issue(User user) {
        return pair(user, UUID.randomUUID());
    }

    /** Rotates a refresh token; empty when it is unknown, expired, revoked or a replay (then its family dies). */
    @Transactional
    public Optional<TokenPair> refresh(String refreshToken) {
        String hash = hash(refreshToken);
        Optional<StoredToken> stored = jdbc.sql("""
                select family_id, user_id, expires_at, rotated_at, revoked_at from refresh_token where token_hash = ?""")
                .param(hash)
                .query((rs, n) -> new StoredToken(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, java.time.OffsetDateTime.class).toInstant(),
                        rs.getObject(4, java.time.OffsetDateTime.class) != null,
                        rs.getObject(5, java.time.OffsetDateTime.class) != null))
                .optional();
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        StoredToken token = stored.get();
        if (token.revoked() || token.expiresAt().isBefore(clock.instant())) {
            return Optional.empty();
        }
        int rotated = jdbc.sql("update refresh_token set rotated_at = ? where token_hash = ? and rotated_at is null and revoked_at is null")
                .params(now(), hash).update();
        if (token.rotated() || rotated == 0) {
            revokeFamily(token.familyId());
            return Optional.empty();
        }
        return users.findById(token.userId()).map(user -> pair(user, token.familyId()));
    }

    /** Logout: the token's family stops working. Tokens of other users are left alone (and nothing is said). */
    @Transactional
    public void revoke(String refreshToken, UUID userId) {
        jdbc.sql("select family_id from refresh_token where token_hash = ? and user_id = ?")
                .params(hash(refreshToken), userId).query(UUID.class).optional().ifPresent(this::revokeFamily);
    }

    private void revokeFamily(UUID familyId) {
        jdbc.sql("update refresh_token set revoked_at = ? where family_id = ? and revoked_at is null")
                .params(now(), familyId).update();
    }

    private TokenPair pair(User user, UUID familyId) {
        Instant issuedAt = clock.instant();
        Instant expiresAt = issuedAt.plus(properties.accessTokenTtl());
        List<String> roles = user.roles().stream().map(Role::name).sorted().toList();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(properties.issuer())
                .audience(List.of(properties.audience()))
                .subject(user.id().toString())
                .issuedAt(issuedAt)
                .notBefore(issuedAt)
                .expiresAt(expiresAt)
                .id(UUID.randomUUID().toString())
                .claim("roles", roles)
                .claim("name", user.name())
                .build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(keys.current().getKeyID()).type("JWT").build();
        String accessToken = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();

        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String refreshToken = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        jdbc.sql("""
                insert into refresh_token (token_hash, family_id, user_id, issued_at, expires_at) values (?, ?, ?, ?, ?)""")
                .params(hash(refreshToken), familyId, user.id(), issuedAt.atOffset(ZoneOffset.UTC),
                        issuedAt.plus(properties.refreshTokenTtl()).atOffset(ZoneOffset.UTC))
                .update();
        return new TokenPair(accessToken, "Bearer", properties.accessTokenTtl().toSeconds(), refreshToken);
    }

    private java.time.OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What login and refresh answer. */
    public record TokenPair(String accessToken, String tokenType, long expiresIn, String refreshToken) {
    }

    private record StoredToken(UUID familyId, UUID userId, Instant expiresAt, boolean rotated, boolean revoked) {
    }
}
