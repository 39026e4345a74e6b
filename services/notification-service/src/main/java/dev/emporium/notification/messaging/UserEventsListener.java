package dev.emporium.notification.messaging;

import dev.emporium.contracts.user.UserEvent;
import dev.emporium.contracts.user.UserRegistered;
import dev.emporium.contracts.user.UserTopics;
import dev.emporium.notification.notification.Notifications;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * user-events → notifications. Reads tolerantly (unknown fields are ignored); a record it cannot read at all
 * fails, is retried, then goes to {@code user-events.DLT} (see {@code NotificationServiceConfiguration}).
 */
@Component
class UserEventsListener {

    private final Notifications notifications;
    private final JsonMapper json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    UserEventsListener(Notifications notifications) {
        this.notifications = notifications;
    }

    @KafkaListener(topics = UserTopics.USER_EVENTS)
    void on(String message) {
        UserEvent event = json.readValue(message, UserEvent.class);
        if (UserRegistered.TYPE.equals(event.type()) && event.data() != null) {
            notifications.welcome(event.id(), event.data());
        }
    }
}
