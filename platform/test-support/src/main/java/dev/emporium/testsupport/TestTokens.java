package dev.emporium.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * Access tokens as user-service would sign them (RS256, our issuer and audience), from a key the test
 * publishes as a JWKS, and the forgeries every verifier must refuse.
 */
public final class TestTokens {

    private final RSAKey key;

    public TestTokens() {
        try {
            key = new RSAKeyGenerator(2048).keyID("test-key").generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String jwks() {
        return new JWKSet(key).toPublicJWKSet().toString();
    }

    /** Serves {@link #jwks()} on a local port; returns its URL (for {@code emporium.security.jwks-uri}). */
    public String serveJwks() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.createContext("/.well-known/jwks.json", exchange -> {
                byte[] body = jwks().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.setExecutor(null);
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
            return "http://localhost:" + server.getAddress().getPort() + "/.well-known/jwks.json";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves the JWKS and points the service under test at it ({@code emporium.security.jwks-uri}). */
    public void registerJwks(org.springframework.test.context.DynamicPropertyRegistry registry) {
        String url = serveJwks();
        registry.add("emporium.security.jwks-uri", () -> url);
    }

    public String customer(String subject) {
        return sign(claims(subject).build(), key, null);
    }

    public String admin(String subject) {
        return sign(claims(subject).claim("roles", List.of("ADMIN", "CUSTOMER")).build(), key, null);
    }

    /**
     * A service token as user-service issues it to {@code client} (client credentials): {@code aud}
     * {@code emporium-services} plus {@code audience} (the service it is meant for), the given scopes, no roles.
     */
    public String service(String client, String audience, String... scopes) {
        return sign(serviceClaims(client, audience, scopes).build(), key, null);
    }

    /** The same token, expired two minutes ago. */
    public String expiredService(String client, String audience, String... scopes) {
        return sign(serviceClaims(client, audience, scopes).expirationTime(Date.from(Instant.now().minusSeconds(120)))
                .build(), key, null);
    }

    /** The same token, signed with a key user-service never had (same key id). */
    public String forgedService(String client, String audience, String... scopes) {
        try {
            return sign(serviceClaims(client, audience, scopes).build(),
                    new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate(), null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWTClaimsSet.Builder serviceClaims(String client, String audience, String... scopes) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().subject(client).issuer("emporium").audience(List.of("emporium-services", audience))
                .claim("scope", List.of(scopes)).claim("client_id", client).issueTime(Date.from(now))
                .notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString());
    }

    /** alg none, HS256 with the public key, foreign key, unknown kid, wrong iss, wrong aud, expired, jku. */
    public List<String> forgeries(String subject) {
        try {
            Instant now = Instant.now();
            RSAKey foreign = new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate();
            SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(),
                    claims(subject).build());
            hmac.sign(new MACSigner(key.toRSAPublicKey().getEncoded()));
            String none = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64(claims(subject).build().toString()) + ".";
            return List.of(none, hmac.serialize(),
                    sign(claims(subject).build(), foreign, null),
                    sign(claims(subject).build(), new RSAKeyGenerator(2048).keyID("unknown-kid").generate(), null),
                    sign(claims(subject).issuer("elsewhere").build(), key, null),
                    sign(claims(subject).audience("other-api").build(), key, null),
                    sign(claims(subject).expirationTime(Date.from(now.minusSeconds(120))).build(), key, null),
                    sign(claims(subject).build(), key, URI.create("https://attacker.example/jwks.json")),
                    "not-a-jwt-at-all");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWTClaimsSet.Builder claims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().subject(subject).issuer("emporium").audience("emporium-api")
                .claim("roles", List.of("CUSTOMER")).issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(900))).jwtID(UUID.randomUUID().toString());
    }

    private static String sign(JWTClaimsSet claims, RSAKey with, URI jku) {
        try {
            JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).type(JOSEObjectType.JWT);
            if (jku != null) {
                header.jwkURL(jku);
            }
            SignedJWT jwt = new SignedJWT(header.build(), claims);
            jwt.sign(new RSASSASigner(with));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes());
    }
}
