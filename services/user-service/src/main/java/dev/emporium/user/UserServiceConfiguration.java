package dev.emporium.user;

import java.time.Clock;
import java.util.Map;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.emporium.contracts.user.UserEvent;
import dev.emporium.contracts.user.UserTopics;
import dev.emporium.platform.defaults.security.EmporiumJwtValidators;
import dev.emporium.platform.defaults.security.ResourceServerProperties;
import dev.emporium.user.token.SigningKeys;
import dev.emporium.user.token.TokenProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.RoutingTarget;
import org.springframework.scheduling.annotation.EnableScheduling;
import dev.emporium.user.identity.ServiceSecrets;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/** Wiring of user-service: password hashing, token verification with its own keys, the outbox route. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(TokenProperties.class)
class UserServiceConfiguration {

    static final String ARGON2ID = "argon2id";

    /** Microseconds, as the databases store them: an answer shows the same instant before and after a reload. */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), java.time.Duration.ofNanos(1_000));
    }

    /**
     * Argon2id at OWASP's minimum (m = 19 MiB, t = 2, p = 1), behind a delegating encoder: hashes carry
     * their id, so the parameters can be raised later without invalidating stored passwords. The service clients'
     * random secrets have an encoder of their own ({@link ServiceSecrets}), never "upgraded" to Argon2id (the
     * authorization server would try to store the client again, and service clients come from the configuration).
     */
    @Bean
    PasswordEncoder passwordEncoder() {
        Argon2PasswordEncoder argon2id = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
        DelegatingPasswordEncoder delegating = new DelegatingPasswordEncoder(ARGON2ID,
                Map.of(ARGON2ID, argon2id, ServiceSecrets.ID, ServiceSecrets.encoder()));
        return new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                return delegating.encode(raw);
            }

            @Override
            public boolean matches(CharSequence raw, String encoded) {
                return delegating.matches(raw, encoded);
            }

            @Override
            public boolean upgradeEncoding(String encoded) {
                return !ServiceSecrets.isServiceSecret(encoded) && delegating.upgradeEncoding(encoded);
            }
        };
    }

    /** This service verifies tokens with its own keys, not by calling itself over HTTP. */
    @Bean
    JwtDecoder jwtDecoder(SigningKeys keys, ResourceServerProperties security) {
        JWKSource<SecurityContext> source = (selector, context) -> selector.select(keys.publicSet());
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(source).jwsAlgorithm(SignatureAlgorithm.RS256).build();
        decoder.setJwtValidator(EmporiumJwtValidators.create(security));
        return decoder;
    }

    /** Account events go to Kafka from the outbox, keyed by user id. */
    @Bean
    EventExternalizationConfiguration eventExternalization() {
        return EventExternalizationConfiguration.externalizing()
                .select(event -> event instanceof UserEvent)
                .route(UserEvent.class, event -> RoutingTarget.forTarget(UserTopics.USER_EVENTS).andKey(event.key()))
                .build();
    }
}
