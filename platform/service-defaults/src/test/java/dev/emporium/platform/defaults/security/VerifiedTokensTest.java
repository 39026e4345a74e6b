package dev.emporium.platform.defaults.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;

class VerifiedTokensTest {

    private static final Instant ISSUED = Instant.parse("2026-11-30T10:00:00Z");

    private final List<String> verifiedByDelegate = new ArrayList<>();
    private final JwtTimestampValidator notExpired = new JwtTimestampValidator(Duration.ZERO);
    private final JwtDecoder delegate = token -> {
        verifiedByDelegate.add(token);
        if (token.startsWith("forged")) {
            throw new BadJwtException("An error occurred while attempting to decode the Jwt: Invalid signature");
        }
        return Jwt.withTokenValue(token).header("alg", "RS256").subject("user-" + token)
                .issuedAt(ISSUED).expiresAt(ISSUED.plusSeconds(60)).build();
    };
    private final JwtDecoder decoder = new VerifiedTokens(Duration.ofMinutes(1), 100, notExpired).around(delegate);

    @Test
    void aTokenIsVerifiedOnceAndFoundOnlyByItsExactText() {
        at(ISSUED.plusSeconds(1));
        assertThat(decoder.decode("a").getSubject()).isEqualTo("user-a");
        assertThat(decoder.decode("a").getSubject()).isEqualTo("user-a");
        assertThat(decoder.decode("b").getSubject()).isEqualTo("user-b");
        assertThat(decoder.decode("a ").getSubject()).as("another text is another token").isEqualTo("user-a ");

        assertThat(verifiedByDelegate).containsExactly("a", "b", "a ");
    }

    @Test
    void aRememberedTokenStopsWorkingWhenItExpires() {
        at(ISSUED.plusSeconds(1));
        decoder.decode("a");

        at(ISSUED.plusSeconds(61));
        assertThatThrownBy(() -> decoder.decode("a")).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");
        assertThat(verifiedByDelegate).containsExactly("a");
    }

    @Test
    void aTokenThatFailsIsNeverRemembered() {
        at(ISSUED.plusSeconds(1));
        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);

        assertThat(verifiedByDelegate).containsExactly("forged", "forged");
    }

    private void at(Instant now) {
        notExpired.setClock(Clock.fixed(now, ZoneOffset.UTC));
    }
}
