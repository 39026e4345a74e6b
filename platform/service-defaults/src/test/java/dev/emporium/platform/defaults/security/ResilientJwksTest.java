package dev.emporium.platform.defaults.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.client.RestTemplate;

/**
 * Tokens keep being verified while the key server (user-service) is down, long past the keys' cache time; a key that
 * appears later (a rotation) is fetched; a key nobody published is refused.
 */
class ResilientJwksTest {

    private final RSAKey key = generate("k1");
    private final RSAKey rotated = generate("k2");
    private final AtomicBoolean up = new AtomicBoolean(true);
    private final AtomicBoolean published2 = new AtomicBoolean(false);
    private final AtomicInteger fetches = new AtomicInteger();
    private final HttpServer users = serve();
    private final JwtDecoder decoder = ResilientJwks.decoder(
            "http://localhost:" + users.getAddress().getPort() + "/.well-known/jwks.json", new RestTemplate(),
            Duration.ofMillis(400));

    @AfterEach
    void stop() {
        users.stop(0);
    }

    @Test
    void issuedTokensKeepWorkingWhileTheKeyServerIsDown() {
        assertThat(decoder.decode(token(key, "before")).getSubject()).isEqualTo("before");
        up.set(false);
        // several times the cache time: each new token (never seen before) is verified with the keys last known
        AtomicInteger n = new AtomicInteger();
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(100))
                .until(() -> decoder.decode(token(key, "during-" + n.incrementAndGet())).getSubject().startsWith("during-"));
        assertThatThrownBy(() -> decoder.decode(token(generate("stranger"), "forged"))).isInstanceOf(JwtException.class);
    }

    @Test
    void aRotatedKeyIsFetchedWhenATokenNamesIt() {
        assertThat(decoder.decode(token(key, "old")).getSubject()).isEqualTo("old");
        published2.set(true);
        int before = fetches.get();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> decoder.decode(token(rotated, "new")).getSubject().equals("new"));
        assertThat(fetches.get()).isGreaterThan(before);
    }

    private String token(RSAKey signer, String subject) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(),
                    new JWTClaimsSet.Builder().subject(subject).issueTime(new Date())
                            .expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
            jwt.sign(new RSASSASigner(signer));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpServer serve() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.createContext("/.well-known/jwks.json", exchange -> {
                fetches.incrementAndGet();
                if (!up.get()) {
                    exchange.sendResponseHeaders(503, -1);
                    exchange.close();
                    return;
                }
                JWKSet keys = published2.get() ? new JWKSet(java.util.List.of(key, rotated)) : new JWKSet(key);
                byte[] body = keys.toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey generate(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
