package dev.emporium.platform.defaults.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

/**
 * This service's current service token: obtained from user-service with the client-credentials grant (Spring
 * Security's OAuth2 client does the protocol), held, and renewed in the background once it has less than
 * {@code refreshAhead} left, so that calls never wait for user-service and a short outage of it goes unnoticed. A call
 * waits for the token endpoint only when no usable token is held: the first call after start, or after renewals
 * failed until the held token was about to expire. One renewal at a time; after a failed one, callers are refused at
 * once for a second instead of queuing on the endpoint.
 */
public final class ServiceTokens implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceTokens.class);

    /** A token closer than this to its expiry is not handed out: the call it goes with must arrive before it expires. */
    static final Duration MIN_VALIDITY = Duration.ofSeconds(5);
    static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

    private final ClientRegistration registration;
    private final OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> endpoint;
    private final Duration refreshAhead;
    private final Clock clock;
    private final ScheduledExecutorService renewal;
    private volatile OAuth2AccessToken current;
    private volatile Instant refusedUntil = Instant.MIN;
    private volatile RuntimeException lastFailure;

    public ServiceTokens(ClientRegistration registration,
            OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> endpoint, Duration refreshAhead,
            Clock clock) {
        this.registration = registration;
        this.endpoint = endpoint;
        this.refreshAhead = refreshAhead;
        this.clock = clock;
        this.renewal = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("service-token-renewal").factory());
        long period = Math.max(250, refreshAhead.toMillis() / 4);
        renewal.scheduleWithFixedDelay(this::renewIfDue, period, period, TimeUnit.MILLISECONDS);
    }

    /** The client id this service's tokens name as their subject. */
    public String clientId() {
        return registration.getClientId();
    }

    /** True when {@link #token()} answers without calling the token endpoint. */
    public boolean hasUsableToken() {
        return usable(current);
    }

    /**
     * A token valid for at least a few more seconds.
     *
     * @throws ServiceTokenUnavailableException when none is held and user-service does not give one
     */
    public String token() {
        OAuth2AccessToken token = current;
        return (usable(token) ? token : renew(token)).getTokenValue();
    }

    private boolean usable(OAuth2AccessToken token) {
        return token != null && token.getExpiresAt() != null
                && token.getExpiresAt().isAfter(clock.instant().plus(MIN_VALIDITY));
    }

    private synchronized OAuth2AccessToken renew(OAuth2AccessToken seen) {
        OAuth2AccessToken held = current;
        if (held != seen && usable(held)) {
            return held; // renewed by another caller meanwhile
        }
        if (clock.instant().isBefore(refusedUntil) && !usable(held)) {
            throw new ServiceTokenUnavailableException(registration.getClientId(), lastFailure);
        }
        try {
            OAuth2AccessToken token = endpoint.getTokenResponse(new OAuth2ClientCredentialsGrantRequest(registration))
                    .getAccessToken();
            if (held == null) {
                log.info("Service identity: {} holds a service token (scopes {}), valid until {}; renewed {} ahead",
                        registration.getClientId(), token.getScopes(), token.getExpiresAt(), refreshAhead);
            } else {
                log.debug("Service token renewed, valid until {}", token.getExpiresAt());
            }
            current = token;
            lastFailure = null;
            return token;
        } catch (RuntimeException failure) {
            lastFailure = failure;
            refusedUntil = clock.instant().plus(AFTER_FAILURE);
            if (usable(held)) {
                return held;
            }
            throw new ServiceTokenUnavailableException(registration.getClientId(), failure);
        }
    }

    /** In the background: renews the held token once it has less than {@code refreshAhead} left. */
    void renewIfDue() {
        OAuth2AccessToken token = current;
        if (token == null || token.getExpiresAt() == null
                || token.getExpiresAt().isAfter(clock.instant().plus(refreshAhead))) {
            return; // none yet (nothing has needed one) or not yet due
        }
        try {
            if (renew(token) == token) {
                log.warn("Service token not renewed ({}); the held one stays in use until {}",
                        lastFailure == null ? "?" : lastFailure.toString(), token.getExpiresAt());
            }
        } catch (ServiceTokenUnavailableException expired) {
            log.warn("Service token expired and not renewed: {}", expired.getMessage());
        } catch (RuntimeException unexpected) {
            log.error("Service token renewal failed", unexpected);
        }
    }

    @Override
    public void close() {
        renewal.shutdownNow();
    }

    /** No service token: user-service's token endpoint could not be reached, or refused this service's credentials. */
    public static final class ServiceTokenUnavailableException extends RuntimeException {

        ServiceTokenUnavailableException(String clientId, RuntimeException cause) {
            super("No service token for " + clientId + ": " + (cause == null ? "the token endpoint failed a moment ago"
                    : cause.getMessage()), cause);
        }
    }
}
