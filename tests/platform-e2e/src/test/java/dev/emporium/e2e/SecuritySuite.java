package dev.emporium.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;

/**
 * The security line of the public contract, checked through the gateway of the launched platform:
 * forged tokens, roles, other users' data, mass assignment, brute force, bursts, bad bodies, leaks.
 */
final class SecuritySuite {

    private final GatewayClient client;
    private final String adminEmail;
    private final String adminPassword;
    private final int userServicePort;
    private final List<HttpResponse<String>> answers = new ArrayList<>();

    SecuritySuite(GatewayClient client, String adminEmail, String adminPassword, int userServicePort) {
        this.client = client;
        this.adminEmail = adminEmail;
        this.adminPassword = adminPassword;
        this.userServicePort = userServicePort;
    }

    void run() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String aliceEmail = "alice-" + suffix + "@example.com";
        String alice = client.register("Alice", aliceEmail, "alice-password");
        String bob = client.register("Bob", "bob-" + suffix + "@example.com", "bob-password");
        String aliceToken = client.login(aliceEmail, "alice-password");
        String bobToken = client.login("bob-" + suffix + "@example.com", "bob-password");
        String adminToken = client.login(adminEmail, adminPassword);

        // tokens we did not issue, or did not issue like this
        for (String forged : forgeries(aliceToken)) {
            expect(client.get("/api/users/me", forged), 401);
        }
        expect(client.get("/api/users/me", null), 401);
        expect(client.get("/api/users/me", aliceToken), 200);

        // roles: a customer is not an admin, wherever it asks
        expect(client.get("/api/users", aliceToken), 403);
        expect(client.get("/api/users", adminToken), 200);

        // other users' resources are "not found", never "forbidden"
        expect(client.get("/api/users/" + bob, aliceToken), 404);
        expect(client.get("/api/users/" + alice, bobToken), 404);
        expect(client.get("/api/users/" + alice, adminToken), 200);

        // mass assignment: roles in PATCH /me are never applied
        HttpResponse<String> patched = client.patch("/api/users/me", aliceToken, "{\"name\":\"Alice A\",\"roles\":[\"ADMIN\"]}");
        expect(patched, 200);
        assertThat(JsonPath.<List<String>>read(patched.body(), "$.roles")).containsExactly("CUSTOMER");
        String refreshedAlice = client.login(aliceEmail, "alice-password");
        expect(client.get("/api/users", refreshedAlice), 403);

        // bad bodies: 400 and 413, never 5xx
        expect(client.post("/api/users/register", null, "{\"name\": \"x\", "), 400);
        expect(client.post("/api/users/register", null, "{\"name\":\"x\",\"email\":[1,2],\"password\":\"longenough\"}"), 400);
        String huge = "{\"name\":\"" + "x".repeat(1_100_000) + "\"}";
        expect(client.post("/api/users/register", null, huge), 413);

        // brute force on one account: user-service throttles it
        HttpResponse<String> last = null;
        for (int i = 0; i < 6; i++) {
            last = client.post("/api/users/login", null, "{\"email\":\"" + aliceEmail + "\",\"password\":\"guess-" + i + "\"}");
        }
        expect(last, 429);

        // a burst over the gateway's login limit: 429 with Retry-After
        HttpResponse<String> limited = null;
        for (int i = 0; i < 40 && (limited == null || limited.statusCode() != 429); i++) {
            limited = client.post("/api/users/login", null,
                    "{\"email\":\"nobody-" + i + "-" + suffix + "@example.com\",\"password\":\"whatever-pw\"}");
            answers.add(limited);
        }
        expect(limited, 429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();

        // nothing anyone was answered leaks internals
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.body()).as(answer.uri().toString())
                    .doesNotContain("Exception", "\tat ", "argon2", "SELECT ", "org.springframework", "password_hash");
            assertThat(answer.headers().firstValue("X-Request-Id")).as(answer.uri().toString()).isPresent();
        }
    }

    private void expect(HttpResponse<String> response, int status) {
        answers.add(response);
        assertThat(response.statusCode()).as(response.request().method() + " " + response.uri() + " -> " + response.body())
                .isEqualTo(status);
        if (status >= 400) {
            assertThat(response.headers().firstValue("Content-Type")).as(response.uri().toString())
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        }
    }

    /** alg none; HS256 keyed with the published public key; a real token with its claims altered. */
    private List<String> forgeries(String realToken) throws Exception {
        String[] parts = realToken.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String escalated = b64(claims.replace("\"CUSTOMER\"", "\"ADMIN\""));
        String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        String tampered = parts[0] + "." + escalated + "." + parts[2];

        HttpResponse<String> jwks = client.http().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + userServicePort + "/.well-known/jwks.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        String n = JsonPath.<List<String>>read(jwks.body(), "$.keys[*].n").getFirst();
        String kid = JsonPath.<List<String>>read(jwks.body(), "$.keys[*].kid").getFirst();
        String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}");
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(n.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String hs256 = header + "." + escalated + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal((header + "." + escalated).getBytes(StandardCharsets.UTF_8)));
        return List.of(none, tampered, hs256, "garbage", realToken + "x");
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
