package dev.emporium.user.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.jayway.jsonpath.JsonPath;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.emporium.platform.defaults.security.EmporiumJwtValidators;
import dev.emporium.platform.defaults.security.ResourceServerProperties;
import dev.emporium.user.token.SigningKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The token endpoint of the service identities over real HTTP: what a service token holds, and who gets none.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "eureka.client.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "EMPORIUM_CLIENT_SECRET_ORDER_SERVICE=order-secret",
        "EMPORIUM_CLIENT_SECRET_NOTIFICATION_SERVICE=notification-secret"})
@EmbeddedKafka(partitions = 1)
class ServiceTokenEndpointTest {

    final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    SigningKeys keys;

    @Autowired
    ResourceServerProperties security;

    @Autowired
    RegisteredClientRepository clients;

    @Autowired
    PasswordEncoder passwords;

    @Test
    void issuesOrderServiceAFiveMinuteTokenForTheServicesItsScopesOpen() throws Exception {
        HttpResponse<String> response = token("order-service", "order-secret", "catalog.lookup payments.tokenize");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(response.body(), "$.token_type")).isEqualTo("Bearer");
        assertThat(JsonPath.<Integer>read(response.body(), "$.expires_in")).isBetween(298, 300);
        SignedJWT jwt = SignedJWT.parse(JsonPath.<String>read(response.body(), "$.access_token"));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(keys.current().getKeyID());
        assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("emporium");
        assertThat(claims.getSubject()).isEqualTo("order-service");
        assertThat(claims.getAudience()).containsExactlyInAnyOrder("emporium-services", "product-service", "payment-service");
        assertThat(claims.getStringListClaim("scope")).containsExactlyInAnyOrder("catalog.lookup", "payments.tokenize");
        assertThat(claims.getClaim("roles")).isNull();
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(5));

        // accepted where internal calls are checked (the JWKS every service trusts), refused by the public API
        JWKSource<SecurityContext> published = (selector, context) -> selector.select(keys.publicSet());
        NimbusJwtDecoder internal = NimbusJwtDecoder.withJwkSource(published).jwsAlgorithm(SignatureAlgorithm.RS256).build();
        internal.setJwtValidator(EmporiumJwtValidators.forInternalCalls(security));
        Jwt verified = internal.decode(jwt.serialize());
        assertThat(verified.getSubject()).isEqualTo("order-service");
        HttpResponse<String> me = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/users/me"))
                .header("Authorization", "Bearer " + jwt.serialize()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(me.statusCode()).isEqualTo(401);
    }

    @Test
    void grantsNoScopeBeyondTheClientsOwn() throws Exception {
        HttpResponse<String> refused = token("notification-service", "notification-secret", "payments.tokenize");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JsonPath.<String>read(refused.body(), "$.error")).isEqualTo("invalid_scope");
        HttpResponse<String> own = token("notification-service", "notification-secret", null);
        assertThat(own.statusCode()).isEqualTo(200);
        JWTClaimsSet claims = SignedJWT.parse(JsonPath.<String>read(own.body(), "$.access_token")).getJWTClaimsSet();
        assertThat(claims.getAudience()).containsExactly("emporium-services");
        assertThat(claims.getClaim("scope")).isNull();
    }

    @Test
    void refusesWrongSecretsUnknownClientsAndClientsWithoutASecret() throws Exception {
        for (String[] credentials : new String[][] {{"order-service", "wrong"}, {"nobody", "order-secret"},
                {"analytics-service", "any-secret"}}) {
            HttpResponse<String> response = token(credentials[0], credentials[1], "catalog.lookup");
            assertThat(response.statusCode()).as(credentials[0]).isEqualTo(401);
            assertThat(JsonPath.<String>read(response.body(), "$.error")).isEqualTo("invalid_client");
            assertThat(response.body()).doesNotContain("access_token");
        }
    }

    /**
     * A service secret is 256 random bits: hashed with PBKDF2 under its own id, not with the memory-hard Argon2id that
     * people's passwords get (19 MiB of heap per token request), and never "upgraded" to it (the authorization server
     * would try to store the client, which comes from the configuration).
     */
    @Test
    void serviceSecretsHaveAHashOfTheirOwnThatIsNeverUpgraded() {
        String stored = clients.findByClientId("order-service").getClientSecret();
        assertThat(stored).startsWith("{service-secret}").doesNotContain("order-secret");
        assertThat(passwords.matches("order-secret", stored)).isTrue();
        assertThat(passwords.matches("wrong", stored)).isFalse();
        assertThat(passwords.upgradeEncoding(stored)).isFalse();
        String password = passwords.encode("a person's password");
        assertThat(password).startsWith("{argon2id}");
        assertThat(passwords.upgradeEncoding(password)).isFalse();
    }

    private HttpResponse<String> token(String client, String secret, String scope) throws Exception {
        String basic = Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
        String form = "grant_type=client_credentials" + (scope == null ? "" : "&scope=" + scope.replace(" ", "+"));
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
