package dev.emporium.contracts.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

class UserEventJsonTest {

    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    @Test
    void roundTripsAsAStructuredCloudEvent() {
        UserEvent event = UserEvent.registered(new UserRegistered("u-1", "Ada", "ada@example.com", null,
                Instant.parse("2026-11-22T08:00:00Z")));
        String text = json.writeValueAsString(event);

        assertThat(text).contains("\"specversion\":\"1.0\"", "\"type\":\"dev.emporium.user.UserRegistered.v1\"",
                "\"subject\":\"u-1\"", "\"data\":{");
        assertThat(json.readValue(text, UserEvent.class)).isEqualTo(event);
    }

    @Test
    void consumersIgnoreFieldsAddedLater() {
        String newer = """
                {"specversion":"1.0","id":"e-1","source":"/emporium/user-service","type":"dev.emporium.user.UserRegistered.v1",
                 "time":"2026-11-22T08:00:00Z","subject":"u-1","datacontenttype":"application/json","traceparent":"00-x",
                 "data":{"userId":"u-1","name":"Ada","email":"ada@example.com","registeredAt":"2026-11-22T08:00:00Z","locale":"en"}}
                """;
        assertThat(json.readValue(newer, UserEvent.class).data().email()).isEqualTo("ada@example.com");
    }
}
