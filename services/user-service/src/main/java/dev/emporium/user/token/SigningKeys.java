package dev.emporium.user.token;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The RSA keys tokens are signed with. The newest active key signs; every active key is published in the
 * JWKS, so after a rotation tokens signed by the previous key verify until they expire, then that key is
 * retired. Keys live in this service's own database (generated on first start, shared by all instances);
 * in production they can be supplied instead as a JWK set ({@code EMPORIUM_JWT_SIGNING_KEYS}).
 */
@Component
public class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TokenProperties properties;
    private volatile List<RSAKey> active = List.of();

    SigningKeys(JdbcClient jdbc, Clock clock, TokenProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    /** Loads the keys, creating the first one if there is none; rotates when the newest is too old. */
    @Scheduled(initialDelay = 0, fixedDelayString = "${emporium.jwt.key-refresh:PT1M}")
    public void refresh() {
        if (properties.signingKeys() != null && !properties.signingKeys().isBlank()) {
            active = configuredKeys();
            return;
        }
        List<RSAKey> stored = loadActive();
        if (stored.isEmpty() || age(stored.getFirst()).compareTo(properties.keyRotationPeriod()) > 0) {
            rotate();
            stored = loadActive();
        }
        retireSuperseded();
        active = loadActive();
    }

    /** Adds a new signing key; the previous ones keep verifying until they are retired. */
    @Transactional
    public RSAKey rotate() {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256).issueTime(java.util.Date.from(clock.instant())).generate();
            jdbc.sql("insert into signing_key (kid, jwk, created_at) values (?, ?, ?)")
                    .params(key.getKeyID(), key.toJSONString(), clock.instant().atOffset(java.time.ZoneOffset.UTC))
                    .update();
            log.info("New token signing key {}", key.getKeyID());
            active = loadActive();
            return key;
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate an RSA key", e);
        }
    }

    /** The key new tokens are signed with. */
    public RSAKey current() {
        List<RSAKey> keys = active;
        if (keys.isEmpty()) {
            refresh();
            keys = active;
        }
        return keys.getFirst();
    }

    /** Every key a valid token may have been signed with, private parts included (for the encoder). */
    public JWKSet signingSet() {
        return new JWKSet(new ArrayList<JWK>(active));
    }

    /** The public JWKS: what the gateway and the other services verify with. */
    public JWKSet publicSet() {
        return signingSet().toPublicJWKSet();
    }

    /** Keys superseded longer ago than a token lives (plus the allowed clock skew) can no longer verify anything. */
    private void retireSuperseded() {
        List<RSAKey> keys = loadActive();
        Instant cutoff = clock.instant().minus(properties.accessTokenTtl()).minus(properties.clockSkew());
        for (int i = 1; i < keys.size(); i++) {
            Instant supersededAt = keys.get(i - 1).getIssueTime().toInstant();
            if (supersededAt.isBefore(cutoff)) {
                jdbc.sql("update signing_key set retired_at = ? where kid = ? and retired_at is null")
                        .params(clock.instant().atOffset(java.time.ZoneOffset.UTC), keys.get(i).getKeyID()).update();
            }
        }
    }

    private List<RSAKey> loadActive() {
        return jdbc.sql("select jwk from signing_key where retired_at is null order by created_at desc")
                .query(String.class).list().stream().map(SigningKeys::parse).toList();
    }

    private List<RSAKey> configuredKeys() {
        try {
            return JWKSet.parse(properties.signingKeys()).getKeys().stream().map(JWK::toRSAKey).toList();
        } catch (ParseException e) {
            throw new IllegalStateException("EMPORIUM_JWT_SIGNING_KEYS is not a JWK set", e);
        }
    }

    private Duration age(RSAKey key) {
        return Duration.between(key.getIssueTime().toInstant(), clock.instant());
    }

    private static RSAKey parse(String json) {
        try {
            return RSAKey.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("A stored signing key is not a valid JWK", e);
        }
    }
}
