package dev.emporium.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.emporium.contracts.user.UserTopics;
import dev.emporium.testsupport.ApiClient;
import dev.emporium.user.token.SigningKeys;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * The "Users and tokens" contract of the public API, over real HTTP against a real database and broker.
 * Runs on H2 here and on PostgreSQL in {@link UserApiContractPostgresTest}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "eureka.client.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "EMPORIUM_ADMIN_EMAIL=root@emporium.test", "EMPORIUM_ADMIN_PASSWORD=admin-password-for-tests"})
@EmbeddedKafka(partitions = 1)
class UserApiContractTest {

    @LocalServerPort
    int port;

    @Autowired
    SigningKeys keys;

    @Autowired
    EmbeddedKafkaBroker kafka;

    @Test
    void registersACustomerAndNeverShowsThePassword() throws Exception {
        String email = unique("Ada.Lovelace");
        HttpResponse<String> response = post("/api/users/register", null,
                "{\"name\":\"Ada\",\"email\":\"" + email + "\",\"password\":\"correct horse\"}");
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/api/users/"));
        assertThat(JsonPath.<String>read(response.body(), "$.email")).isEqualTo(email.toLowerCase());
        assertThat(JsonPath.<List<String>>read(response.body(), "$.roles")).containsExactly("CUSTOMER");
        assertThat(JsonPath.<String>read(response.body(), "$.id")).isNotBlank();
        assertThat(JsonPath.<String>read(response.body(), "$.createdAt")).isNotBlank();
        assertThat(response.body()).doesNotContain("correct horse").doesNotContainIgnoringCase("password").doesNotContain("argon");
    }

    @Test
    void refusesATakenEmailWhateverItsCase() throws Exception {
        String email = unique("grace");
        register(email, "password-1");
        HttpResponse<String> again = post("/api/users/register", null,
                "{\"name\":\"G\",\"email\":\"" + email.toUpperCase() + "\",\"password\":\"password-2\"}");
        assertProblem(again, 409);
    }

    @Test
    void refusesInvalidRegistrationsAndStoresNothing() throws Exception {
        String email = unique("short");
        assertProblem(post("/api/users/register", null,
                "{\"name\":\"S\",\"email\":\"" + email + "\",\"password\":\"short\"}"), 400);
        assertProblem(post("/api/users/register", null, "{\"name\":\"\",\"email\":\"not-an-email\",\"password\":\"long enough\"}"), 400);
        assertProblem(post("/api/users/register", null,
                "{\"name\":\"S\",\"email\":\"" + email + "\",\"password\":\"" + "x".repeat(129) + "\"}"), 400);
        assertThat(login(email, "short").statusCode()).isEqualTo(401);
    }

    @Test
    void issuesAnRs256AccessTokenWithTheContractClaims() throws Exception {
        String email = unique("claims");
        String id = register(email, "password-ok");
        String token = accessToken(email, "password-ok");
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(keys.current().getKeyID());
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("emporium");
        assertThat(claims.getAudience()).containsExactly("emporium-api");
        assertThat(claims.getSubject()).isEqualTo(id);
        assertThat(claims.getStringListClaim("roles")).containsExactly("CUSTOMER");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void answersUnknownEmailAndWrongPasswordAlike() throws Exception {
        String email = unique("alike");
        register(email, "the-password");
        HttpResponse<String> wrongPassword = login(email, "not-the-password");
        HttpResponse<String> unknownEmail = login(unique("nobody"), "the-password");
        assertProblem(wrongPassword, 401);
        assertProblem(unknownEmail, 401);
        assertThat(JsonPath.<String>read(wrongPassword.body(), "$.detail"))
                .isEqualTo(JsonPath.<String>read(unknownEmail.body(), "$.detail"));
    }

    @Test
    void throttlesRepeatedFailuresForAnEmail() throws Exception {
        String email = unique("brute");
        register(email, "real-password");
        for (int i = 0; i < 5; i++) {
            assertThat(login(email, "guess-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> blocked = login(email, "real-password");
        assertProblem(blocked, 429);
        assertThat(blocked.headers().firstValue("Retry-After")).hasValueSatisfying(
                value -> assertThat(Long.parseLong(value)).isPositive());
    }

    @Test
    void rotatesRefreshTokensAndRevokesTheFamilyOnReuse() throws Exception {
        String email = unique("rotate");
        register(email, "password-rt");
        String first = JsonPath.read(login(email, "password-rt").body(), "$.refreshToken");

        HttpResponse<String> refreshed = refresh(first);
        assertThat(refreshed.statusCode()).isEqualTo(200);
        String second = JsonPath.read(refreshed.body(), "$.refreshToken");
        assertThat(second).isNotEqualTo(first);
        assertThat(JsonPath.<String>read(refreshed.body(), "$.tokenType")).isEqualTo("Bearer");

        assertProblem(refresh(first), 401);   // a replayed, already rotated token ...
        assertProblem(refresh(second), 401);  // ... kills the whole family
    }

    @Test
    void logoutEndsTheRefreshToken() throws Exception {
        String email = unique("logout");
        register(email, "password-lo");
        HttpResponse<String> tokens = login(email, "password-lo");
        String access = JsonPath.read(tokens.body(), "$.accessToken");
        String refreshToken = JsonPath.read(tokens.body(), "$.refreshToken");
        assertProblem(post("/api/users/logout", null, "{\"refreshToken\":\"" + refreshToken + "\"}"), 401);
        assertThat(post("/api/users/logout", access, "{\"refreshToken\":\"" + refreshToken + "\"}").statusCode()).isEqualTo(204);
        assertProblem(refresh(refreshToken), 401);
    }

    @Test
    void meNeedsATokenAndShowsTheCaller() throws Exception {
        String email = unique("me");
        String id = register(email, "password-me");
        assertProblem(get("/api/users/me", null), 401);
        HttpResponse<String> me = get("/api/users/me", accessToken(email, "password-me"));
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(me.body(), "$.id")).isEqualTo(id);
    }

    @Test
    void patchMeChangesNameAndPasswordButNeverRoles() throws Exception {
        String email = unique("patch");
        register(email, "old-password");
        String token = accessToken(email, "old-password");

        HttpResponse<String> renamed = patch("/api/users/me", token,
                "{\"name\":\"New Name\",\"roles\":[\"ADMIN\"],\"email\":\"evil@example.com\",\"id\":\"" + UUID.randomUUID() + "\"}");
        assertThat(renamed.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(renamed.body(), "$.name")).isEqualTo("New Name");
        assertThat(JsonPath.<List<String>>read(renamed.body(), "$.roles")).containsExactly("CUSTOMER");
        assertThat(JsonPath.<String>read(renamed.body(), "$.email")).isEqualTo(email);

        assertProblem(patch("/api/users/me", token, "{\"password\":\"new-password\"}"), 400);
        assertProblem(patch("/api/users/me", token, "{\"password\":\"new-password\",\"currentPassword\":\"wrong\"}"), 400);
        assertThat(patch("/api/users/me", token, "{\"password\":\"new-password\",\"currentPassword\":\"old-password\"}")
                .statusCode()).isEqualTo(200);
        assertThat(login(email, "new-password").statusCode()).isEqualTo(200);
        assertThat(login(email, "old-password").statusCode()).isEqualTo(401);
    }

    @Test
    void onlyAdminsListUsersAndOnlySelfOrAdminReadsOne() throws Exception {
        String aliceEmail = unique("alice");
        String alice = register(aliceEmail, "password-a");
        String bob = register(unique("bob"), "password-b");
        String aliceToken = accessToken(aliceEmail, "password-a");
        String admin = accessToken("root@emporium.test", "admin-password-for-tests");

        assertProblem(get("/api/users", aliceToken), 403);
        HttpResponse<String> page = get("/api/users?page=0&size=2", admin);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<Integer>read(page.body(), "$.page.size")).isEqualTo(2);
        assertThat(JsonPath.<Integer>read(page.body(), "$.page.totalElements")).isGreaterThanOrEqualTo(3);
        assertThat(JsonPath.<List<Object>>read(page.body(), "$.content")).hasSize(2);
        assertProblem(get("/api/users?size=101", admin), 400);

        assertThat(get("/api/users/" + alice, aliceToken).statusCode()).isEqualTo(200);
        assertProblem(get("/api/users/" + bob, aliceToken), 404);
        assertThat(get("/api/users/" + bob, admin).statusCode()).isEqualTo(200);
        assertProblem(get("/api/users/" + UUID.randomUUID(), admin), 404);
    }

    @Test
    void rejectsTokensItDidNotIssueAsIs() throws Exception {
        String email = unique("forged");
        String id = register(email, "password-f");
        RSAKey ours = keys.current();
        RSAKey foreign = new RSAKeyGenerator(2048).keyID(ours.getKeyID()).generate();
        Instant now = Instant.now();
        JWTClaimsSet.Builder valid = new JWTClaimsSet.Builder().subject(id).issuer("emporium").audience("emporium-api")
                .claim("roles", List.of("ADMIN")).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
                .jwtID(UUID.randomUUID().toString());

        assertThat(get("/api/users/me", rs256(valid.build(), ours, null)).statusCode()).as("control").isEqualTo(200);
        List<String> forged = new ArrayList<>();
        forged.add(rs256(valid.build(), foreign, null));                                         // foreign key, our kid
        forged.add(rs256(valid.build(), new RSAKeyGenerator(2048).keyID("unknown").generate(), null)); // unknown kid
        forged.add(rs256(new JWTClaimsSet.Builder(valid.build()).issuer("someone-else").build(), ours, null));
        forged.add(rs256(new JWTClaimsSet.Builder(valid.build()).audience("another-api").build(), ours, null));
        forged.add(rs256(new JWTClaimsSet.Builder(valid.build()).expirationTime(Date.from(now.minusSeconds(120))).build(), ours, null));
        forged.add(rs256(valid.build(), ours, URI.create("https://attacker.example/jwks.json")));  // jku header
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(ours.getKeyID()).build(), valid.build());
        hmac.sign(new MACSigner(ours.toRSAPublicKey().getEncoded()));                              // HS256 with our public key
        forged.add(hmac.serialize());
        forged.add(base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64(valid.build().toString()) + ".");
        for (String token : forged) {
            assertThat(get("/api/users/me", token).statusCode()).as(token).isEqualTo(401);
        }
    }

    @Test
    void keepsVerifyingOldTokensAfterAKeyRotation() throws Exception {
        String email = unique("rotation");
        register(email, "password-kr");
        String before = accessToken(email, "password-kr");
        String oldKid = SignedJWT.parse(before).getHeader().getKeyID();

        keys.rotate();
        String after = accessToken(email, "password-kr");
        assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isNotEqualTo(oldKid);
        assertThat(get("/api/users/me", before).statusCode()).isEqualTo(200);
        assertThat(get("/api/users/me", after).statusCode()).isEqualTo(200);

        HttpResponse<String> jwks = get("/.well-known/jwks.json", null);
        assertThat(JsonPath.<List<String>>read(jwks.body(), "$.keys[*].kid")).contains(oldKid,
                SignedJWT.parse(after).getHeader().getKeyID());
        assertThat(jwks.body()).doesNotContain("\"d\"").doesNotContain("\"p\"");
    }

    @Test
    void publishesUserRegisteredAsACloudEventThroughTheOutbox() throws Exception {
        String email = unique("event");
        String id = register(email, "password-ev");
        Map<String, Object> props = KafkaTestUtils.consumerProps(kafka, "test-" + UUID.randomUUID(), false);
        props.put("auto.offset.reset", "earliest");
        props.put("key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class);
        props.put("value.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class);
        try (Consumer<String, String> consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(UserTopics.USER_EVENTS));
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                assertThat(seen).anySatisfy(record -> {
                    assertThat(record.key()).isEqualTo(id);
                    assertThat(JsonPath.<String>read(record.value(), "$.type")).isEqualTo("dev.emporium.user.UserRegistered.v1");
                    assertThat(JsonPath.<String>read(record.value(), "$.data.email")).isEqualTo(email);
                    assertThat(record.value()).doesNotContain("password");
                });
            });
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private String register(String email, String password) throws Exception {
        HttpResponse<String> response = post("/api/users/register", null,
                "{\"name\":\"Test User\",\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JsonPath.read(response.body(), "$.id");
    }

    private HttpResponse<String> login(String email, String password) throws Exception {
        return post("/api/users/login", null, "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    private String accessToken(String email, String password) throws Exception {
        HttpResponse<String> response = login(email, password);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonPath.read(response.body(), "$.accessToken");
    }

    private HttpResponse<String> refresh(String refreshToken) throws Exception {
        return post("/api/users/token/refresh", null, "{\"refreshToken\":\"" + refreshToken + "\"}");
    }

    private static String rs256(JWTClaimsSet claims, RSAKey key, URI jku) throws Exception {
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT);
        if (jku != null) {
            header.jwkURL(jku);
        }
        SignedJWT jwt = new SignedJWT(header.build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes());
    }

    private void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("argon2");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return api().get(path, token);
    }

    private HttpResponse<String> post(String path, String token, String json) throws Exception {
        return api().post(path, token, json);
    }

    private HttpResponse<String> patch(String path, String token, String json) throws Exception {
        return api().patch(path, token, json);
    }

    private ApiClient api() {
        return ApiClient.localhost(port);
    }
}
