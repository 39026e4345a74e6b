package dev.emporium.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

import com.jayway.jsonpath.JsonPath;

/**
 * The shop as its clients see it, through the gateway, with what a well-behaved client does while the platform is
 * being broken: it retries what failed for reasons of the platform's own (a 5xx, a 429, a dropped connection) with
 * backoff, a POST /api/orders always with the same Idempotency-Key, and it logs in again when a token expired.
 */
final class Shop {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String gateway;
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    Shop(String gateway) {
        this.gateway = gateway;
    }

    /** An account that logs in (again) by itself. */
    String account(String email, String password) {
        passwords.put(email, password);
        return email;
    }

    String register(String name, String email, String password) {
        call("POST", "/api/users/register", null, "{\"name\":\"%s\",\"email\":\"%s\",\"password\":\"%s\"}"
                .formatted(name, email, password), Map.of(), s -> s == 201 || s == 409, Duration.ofMinutes(2));
        return account(email, password);
    }

    /** A call as {@code who} (an account, or null), retried until {@code done} accepts the status or time runs out. */
    HttpResponse<String> call(String method, String path, String who, String body, Map<String, String> headers,
            IntPredicate done, Duration patience) {
        Instant until = Instant.now().plus(patience);
        long backoff = 200;
        String last = "nothing";
        while (Instant.now().isBefore(until)) {
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(15))
                        .header("Content-Type", "application/json")
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
                if (who != null) {
                    request.header("Authorization", "Bearer " + token(who, false));
                }
                headers.forEach(request::header);
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (done.test(response.statusCode())) {
                    return response;
                }
                if (response.statusCode() == 401 && who != null) {
                    token(who, true);
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(backoff);
            backoff = Math.min(backoff * 2, 3_000);
        }
        throw new IllegalStateException(method + " " + path + " did not succeed within " + patience + "; last: " + last);
    }

    HttpResponse<String> get(String path, String who) {
        return call("GET", path, who, null, Map.of(), s -> s < 500 && s != 429 && s != 401, Duration.ofMinutes(3));
    }

    private String token(String email, boolean renew) {
        if (!renew && tokens.containsKey(email)) {
            return tokens.get(email);
        }
        String password = passwords.get(email);
        HttpResponse<String> login = call("POST", "/api/users/login", null,
                "{\"email\":\"%s\",\"password\":\"%s\"}".formatted(email, password), Map.of(), s -> s == 200,
                Duration.ofMinutes(3));
        String token = JsonPath.read(login.body(), "$.accessToken");
        tokens.put(email, token);
        return token;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis); // a client's backoff between retries
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
