package dev.emporium.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import dev.emporium.contracts.user.UserEvent;
import dev.emporium.contracts.user.UserRegistered;
import dev.emporium.contracts.user.UserTopics;
import dev.emporium.testsupport.ApiClient;
import dev.emporium.testsupport.TestTokens;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * UserRegistered on Kafka becomes one WELCOME notification, however often it is delivered; unreadable records go
 * to the dead-letter topic without stopping the stream; the inbox shows only the caller's own.
 * H2 here, PostgreSQL in {@link WelcomeNotificationsPostgresTest}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "eureka.client.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "emporium.kafka.consumer-retries=1"})
@EmbeddedKafka(partitions = 1, topics = {UserTopics.USER_EVENTS, UserTopics.USER_EVENTS + ".DLT"})
class WelcomeNotificationsTest {

    static final TestTokens tokens = new TestTokens();

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedKafkaBroker kafka;

    @Autowired
    JdbcClient jdbc;

    private final JsonMapper json = JsonMapper.builder().build();

    @DynamicPropertySource
    static void jwks(DynamicPropertyRegistry registry) {
        tokens.registerJwks(registry);
    }

    @Test
    void sendsOneWelcomeWhateverTheRedeliveryAndShowsItOnlyToItsUser() throws Exception {
        String ada = UUID.randomUUID().toString();
        String grace = UUID.randomUUID().toString();
        String adaEvent = registered(ada, "Ada", "ada-" + ada + "@example.com");
        try (Producer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(UserTopics.USER_EVENTS, ada, adaEvent)).get();
            producer.send(new ProducerRecord<>(UserTopics.USER_EVENTS, ada, adaEvent)).get();      // redelivered
            producer.send(new ProducerRecord<>(UserTopics.USER_EVENTS, grace, registered(grace, "Grace", "grace@example.com"))).get();
        }
        // one partition: once Grace's arrives, both copies of Ada's were handled
        await().atMost(Duration.ofSeconds(30)).until(() -> count(grace) == 1);
        assertThat(count(ada)).isEqualTo(1);

        await("the welcome email to be sent").atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "select count(*) from notification where user_id = ? and status = 'SENT'").param(ada).query(Long.class).single() == 1);
        HttpResponse<String> inbox = ApiClient.localhost(port).get("/api/notifications", tokens.customer(ada));
        assertThat(inbox.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<List<String>>read(inbox.body(), "$.content[*].type")).containsExactly("WELCOME");
        assertThat(JsonPath.<List<String>>read(inbox.body(), "$.content[*].status")).containsExactly("SENT");
        assertThat(JsonPath.<List<String>>read(inbox.body(), "$.content[*].recipient")).containsExactly("ada-" + ada + "@example.com");
        assertThat(JsonPath.<Integer>read(inbox.body(), "$.page.totalElements")).isEqualTo(1);
        assertThat(jdbc.sql("select message_id from notification where user_id = ?").param(ada).query(String.class).single())
                .isNotNull();
        assertThat(inbox.body()).as("the Message-ID stays internal").doesNotContain("@emporium.local");
        assertThat(JsonPath.<Integer>read(ApiClient.localhost(port).get("/api/notifications", tokens.customer("nobody")).body(),
                "$.page.totalElements")).isZero();
        assertThat(ApiClient.localhost(port).get("/api/notifications", null).statusCode()).isEqualTo(401);
    }

    @Test
    void sendsPoisonToTheDeadLetterTopicAndKeepsGoing() throws Exception {
        String after = UUID.randomUUID().toString();
        try (Producer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(UserTopics.USER_EVENTS, "poison", "{not json")).get();
            producer.send(new ProducerRecord<>(UserTopics.USER_EVENTS, after, registered(after, "Alan", "alan@example.com"))).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count(after) == 1);
        Map<String, Object> props = KafkaTestUtils.consumerProps(kafka, "dlt-" + UUID.randomUUID(), false);
        props.put("auto.offset.reset", "earliest");
        try (Consumer<String, String> dlt = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            dlt.subscribe(List.of(UserTopics.USER_EVENTS + ".DLT"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(KafkaTestUtils.getRecords(dlt, Duration.ofSeconds(1)).records(UserTopics.USER_EVENTS + ".DLT"))
                            .anySatisfy(record -> assertThat(record.value()).isEqualTo("{not json")));
        }
    }

    private long count(String userId) {
        return jdbc.sql("select count(*) from notification where user_id = ? and type = 'WELCOME'").param(userId)
                .query(Long.class).single();
    }

    private String registered(String userId, String name, String email) {
        return json.writeValueAsString(UserEvent.registered(new UserRegistered(userId, name, email, null, Instant.now())));
    }

    private Producer<String, String> producer() {
        return new KafkaProducer<>(KafkaTestUtils.producerProps(kafka), new StringSerializer(), new StringSerializer());
    }
}
