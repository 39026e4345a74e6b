package dev.emporium.user.token;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.emporium.user.account.User;
import dev.emporium.user.account.Users;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Login, refresh, logout, and the JWKS other services verify tokens with. */
@RestController
class TokenController {

    private final Users users;
    private final PasswordEncoder passwords;
    private final Tokens tokens;
    private final SigningKeys keys;
    private final LoginThrottle throttle;
    private final String dummyHash;

    TokenController(Users users, PasswordEncoder passwords, Tokens tokens, SigningKeys keys, LoginThrottle throttle) {
        this.users = users;
        this.passwords = passwords;
        this.tokens = tokens;
        this.keys = keys;
        this.throttle = throttle;
        // verified against when the email is unknown, so both failures cost the same time
        this.dummyHash = passwords.encode(UUID.randomUUID().toString());
    }

    @PostMapping("/api/users/login")
    ResponseEntity<Tokens.TokenPair> login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
        String email = User.normalizeEmail(request.email());
        String address = clientAddress(http);
        Optional<Duration> wait = throttle.blocked(email, address);
        if (wait.isPresent()) {
            throw new TooManyAttemptsException(wait.get());
        }
        Optional<User> user = users.findByEmail(email);
        boolean valid = passwords.matches(request.password(), user.map(User::passwordHash).orElse(dummyHash));
        if (user.isEmpty() || !valid) {
            throttle.recordFailure(email, address);
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "Email or password is wrong.");
        }
        return ResponseEntity.ok(tokens.issue(user.get()));
    }

    @PostMapping("/api/users/token/refresh")
    Tokens.TokenPair refresh(@Valid @RequestBody RefreshRequest request) {
        return tokens.refresh(request.refreshToken()).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.UNAUTHORIZED, "The refresh token is not valid."));
    }

    @PostMapping("/api/users/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody RefreshRequest request) {
        tokens.revoke(request.refreshToken(), UUID.fromString(jwt.getSubject()));
    }

    /** Public keys only. Not routed by the gateway; the gateway and the services fetch it through discovery. */
    @GetMapping(value = "/.well-known/jwks.json", produces = "application/jwk-set+json")
    Map<String, Object> jwks() {
        return keys.publicSet().toJSONObject();
    }

    /**
     * The client as the gateway saw it: the last X-Forwarded-For entry (the gateway appends the address it
     * received the request from; earlier entries are whatever the client claimed), else the peer address.
     */
    private static String clientAddress(HttpServletRequest http) {
        String forwarded = http.getHeader("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            String[] hops = forwarded.split(",");
            return hops[hops.length - 1].strip();
        }
        return http.getRemoteAddr();
    }

    record LoginRequest(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 128) String password) {
    }

    record RefreshRequest(@NotBlank @Size(max = 200) String refreshToken) {
    }

    /** 429 with {@code Retry-After}. */
    static class TooManyAttemptsException extends ResponseStatusException {
        private final long retryAfterSeconds;

        TooManyAttemptsException(Duration wait) {
            super(HttpStatus.TOO_MANY_REQUESTS, "Too many failed logins. Try again later.");
            this.retryAfterSeconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        }

        @Override
        public HttpHeaders getHeaders() {
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
            return headers;
        }
    }
}
