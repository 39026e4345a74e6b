package dev.emporium.platform.defaults.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import dev.emporium.platform.defaults.identity.ServiceTokens.ServiceTokenUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@link ServiceTokens} against a real HTTP token endpoint on a local port (a stand-in for user-service's that answers
 * the client-credentials grant as RFC 6749 says), wired by {@link ServiceIdentityAutoConfiguration}.
 */
class ServiceTokensTest {

    /** Token value → when it expires, as issued. */
    final Map<String, Instant> issued = new ConcurrentHashMap<>();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicBoolean down = new AtomicBoolean();
    volatile int lifetimeSeconds = 300;
    volatile String lastAuthorization;
    volatile String lastBody;
    final HttpServer endpoint = endpoint();

    @AfterEach
    void stop() {
        endpoint.stop(0);
    }

    @Test
    void asksWithItsCredentialsAndScopesOnceAndKeepsTheToken() {
        runner().run(context -> {
            ServiceTokens tokens = context.getBean(ServiceTokens.class);
            String first = tokens.token();
            assertThat(tokens.token()).isEqualTo(first);
            assertThat(requests).hasValue(1);
            assertThat(lastAuthorization).isEqualTo("Basic "
                    + Base64.getEncoder().encodeToString("order-service:s3cret".getBytes(StandardCharsets.UTF_8)));
            assertThat(lastBody).contains("grant_type=client_credentials").contains("scope=catalog.lookup+payments.tokenize");
        });
    }

    @Test
    void renewsAheadOfExpiryUnderLoadSoNoCallerEverHoldsAnExpiredTokenNorWaits() throws Exception {
        lifetimeSeconds = 8; // renewed once less than 6 s are left: every ~2 s
        runner().withPropertyValues("emporium.identity.refresh-ahead=PT6S").run(context -> {
            ServiceTokens tokens = context.getBean(ServiceTokens.class);
            tokens.token();
            List<Future<List<String>>> callers = new ArrayList<>();
            Instant until = Instant.now().plusSeconds(7);
            try (var threads = Executors.newFixedThreadPool(8)) {
                for (int i = 0; i < 8; i++) {
                    callers.add(threads.submit(() -> {
                        List<String> problems = new ArrayList<>();
                        while (Instant.now().isBefore(until)) {
                            String token = tokens.token();
                            if (!issued.get(token).isAfter(Instant.now())) {
                                problems.add("expired token handed out: " + token);
                            }
                        }
                        return problems;
                    }));
                }
                for (Future<List<String>> caller : callers) {
                    assertThat(caller.get()).isEmpty();
                }
            }
            // past the first token's whole lifetime, and only a handful of requests: renewed in the background
            assertThat(requests.get()).isBetween(3, 8);
        });
    }

    @Test
    void keepsTheHeldTokenWhileTheEndpointIsDownAndRenewsWhenItIsBack() {
        lifetimeSeconds = 10;
        runner().withPropertyValues("emporium.identity.refresh-ahead=PT8S").run(context -> {
            ServiceTokens tokens = context.getBean(ServiceTokens.class);
            String held = tokens.token();
            down.set(true);
            int before = requests.get();
            await().atMost(Duration.ofSeconds(5)).until(() -> requests.get() > before); // renewal tried, refused
            assertThat(tokens.token()).isEqualTo(held);
            down.set(false);
            await().atMost(Duration.ofSeconds(5)).until(() -> !tokens.token().equals(held));
        });
    }

    @Test
    void withoutAnyTokenACallerIsRefusedAtOnceWhileTheEndpointFails() {
        down.set(true);
        runner().run(context -> {
            ServiceTokens tokens = context.getBean(ServiceTokens.class);
            assertThatThrownBy(tokens::token).isInstanceOf(ServiceTokenUnavailableException.class)
                    .hasMessageContaining("order-service");
            int asked = requests.get();
            assertThatThrownBy(tokens::token).isInstanceOf(ServiceTokenUnavailableException.class);
            assertThat(requests).as("not asked again within a second of a failure").hasValue(asked);
        });
    }

    @Test
    void aServiceWithoutASecretHasNoIdentity() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ServiceIdentityAutoConfiguration.class))
                .withPropertyValues("emporium.identity.client-id=order-service", "emporium.identity.client-secret=")
                .run(context -> assertThat(context).doesNotHaveBean(ServiceTokens.class));
    }

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ServiceIdentityAutoConfiguration.class))
                .withPropertyValues("emporium.identity.client-id=order-service", "emporium.identity.client-secret=s3cret",
                        "emporium.identity.scopes=catalog.lookup,payments.tokenize",
                        "emporium.identity.token-uri=http://localhost:" + endpoint.getAddress().getPort() + "/oauth2/token");
    }

    private HttpServer endpoint() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            AtomicInteger serial = new AtomicInteger();
            server.createContext("/oauth2/token", exchange -> {
                requests.incrementAndGet();
                lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
                lastBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                int status;
                String body;
                if (down.get()) {
                    status = 503;
                    body = "{\"error\":\"temporarily_unavailable\"}";
                } else {
                    String token = "token-" + serial.incrementAndGet();
                    issued.put(token, Instant.now().plusSeconds(lifetimeSeconds));
                    status = 200;
                    body = "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":" + lifetimeSeconds
                            + ",\"scope\":\"catalog.lookup payments.tokenize\"}";
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
