package dev.emporium.contracts.user;

import java.time.Instant;

/**
 * A new account exists (notification-service sends the welcome message).
 *
 * @param userId the account id (also the Kafka key)
 * @param name display name
 * @param email lower-cased email address
 * @param phone phone number in E.164 form, or null
 * @param registeredAt when the account was created
 */
public record UserRegistered(String userId, String name, String email, String phone, Instant registeredAt) {

    /** CloudEvents {@code type}; the version suffix changes only for incompatible payloads. */
    public static final String TYPE = "dev.emporium.user.UserRegistered.v1";
}
