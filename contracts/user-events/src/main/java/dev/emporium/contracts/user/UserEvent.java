package dev.emporium.contracts.user;

import java.time.Instant;
import java.util.UUID;

/**
 * A user event as a CloudEvents 1.0 structured-mode JSON message ({@code application/cloudevents+json}):
 * the envelope attributes at the top level, the payload under {@code data}.
 *
 * @param id unique per event: consumers deduplicate on it
 * @param subject the user id
 */
public record UserEvent(String specversion, String id, String source, String type, Instant time, String subject,
        String datacontenttype, UserRegistered data) {

    public static final String SOURCE = "/emporium/user-service";

    public static UserEvent registered(UserRegistered data) {
        return new UserEvent("1.0", UUID.randomUUID().toString(), SOURCE, UserRegistered.TYPE, data.registeredAt(),
                data.userId(), "application/json", data);
    }

    /** The Kafka key: all events of one user land on one partition, in order. */
    public String key() {
        return subject;
    }
}
