package dev.emporium.gateway;

import java.net.URI;
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

/** Tokens as user-service would sign them, from a key the test publishes as the JWKS, and forgeries. */
final class TestTokens {

    private final RSAKey key;

    TestTokens() {
        try {
            key = new RSAKeyGenerator(2048).keyID("test-key").generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String jwks() {
        return new JWKSet(key).toPublicJWKSet().toString();
    }

    String customer(String subject) {
        return sign(claims(subject).build(), key, null);
    }

    /** alg none, HS256 with the public key, foreign key, unknown kid, wrong iss, wrong aud, expired, jku. */
    List<String> forgeries(String subject) {
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
