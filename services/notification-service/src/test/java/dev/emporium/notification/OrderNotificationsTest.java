package dev.emporium.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.emporium.contracts.checkout.CheckoutMessage;
import dev.emporium.contracts.checkout.CheckoutTopics;
import dev.emporium.contracts.checkout.OrderEvent;
import dev.emporium.contracts.checkout.PaymentEvent;
import dev.emporium.contracts.user.UserEvent;
import dev.emporium.contracts.user.UserRegistered;
import dev.emporium.contracts.user.UserTopics;
import dev.emporium.testsupport.KafkaTopics;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Emails over real SMTP (GreenMail): the welcome and the order emails arrive with the right recipient, subject,
 * order lines and the notification's own Message-ID; an SMS is recorded for users with a phone; replayed events send
 * nothing twice; the refund email arrives once however often PaymentRefunded is delivered, and PaymentCaptured is
 * consumed without a notification or a dead letter; SMTP down → retried and SENT once it is back; a malformed
 * address → FAILED; an order of an unknown user → dead letter.
 */
@SpringBootTest(properties = {
        "eureka.client.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "emporium.kafka.retry-for=PT1S", // an order of an unknown user is retried this long, then dead-lettered
        "emporium.notifications.delivery.interval=PT0.1S",
        "emporium.notifications.delivery.first-retry=PT0.3S",
        "emporium.notifications.delivery.max-retry-interval=PT0.5S",
        "SMTP_HOST=127.0.0.1"})
@EmbeddedKafka(partitions = 1, topics = {CheckoutTopics.PAYMENT_EVENTS, CheckoutTopics.PAYMENT_EVENTS + ".DLT"})
class OrderNotificationsTest {

    static final int SMTP_PORT = freePort();
    static GreenMail smtp = startSmtp();

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Autowired
    dev.emporium.notification.notification.Notifications notifications;

    final JsonMapper json = JsonMapper.builder().build();
    KafkaTopics topics;

    @DynamicPropertySource
    static void smtpPort(DynamicPropertyRegistry registry) {
        registry.add("SMTP_PORT", () -> SMTP_PORT);
    }

    @BeforeEach
    void connect() {
        topics = new KafkaTopics(broker.getBrokersAsString());
    }

    @AfterEach
    void disconnect() {
        topics.close();
    }

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @Test
    void welcomeAndOrderEmailsArriveOnceWithTheOrderLines() throws Exception {
        String user = UUID.randomUUID().toString();
        String email = "ada-" + user + "@example.com";
        register(user, "Ada", email, "+15551234567");
        MimeMessage welcome = awaitEmail(email, "Welcome to Emporium, Ada!");
        assertThat(GreenMailUtil.getBody(welcome)).contains("is ready");
        UUID welcomeId = jdbc.sql("select id from notification where user_id = ? and type = 'WELCOME' and channel = 'EMAIL'")
                .param(user).query(UUID.class).single();
        assertThat(welcome.getMessageID()).as("the notification's own, stable Message-ID")
                .isEqualTo("<" + welcomeId + "@emporium.local>");

        String order = UUID.randomUUID().toString();
        var confirmed = new OrderEvent.OrderConfirmed(order, user, new BigDecimal("87.05"), "USD", List.of(
                new OrderEvent.Item(UUID.randomUUID(), "KIT-1", "Pour-Over Kettle", new BigDecimal("39.90"), 2),
                new OrderEvent.Item(UUID.randomUUID(), "MUG-1", "Mug <Blue>", new BigDecimal("7.25"), 1)));
        String message = json.writeValueAsString(CheckoutMessage.once("/emporium/order-service", confirmed, Instant.now()));
        topics.send(CheckoutTopics.ORDER_EVENTS, order, message);
        topics.send(CheckoutTopics.ORDER_EVENTS, order, message); // redelivered

        MimeMessage mail = awaitEmail(email, "Your order " + order.substring(0, 8).toUpperCase() + " is confirmed");
        String body = GreenMailUtil.getBody(mail);
        assertThat(body).contains("2 x Pour-Over Kettle at 39.90 USD = 79.80 USD", "Total: 87.05 USD");
        assertThat(body).as("the HTML part escapes names").contains("Mug &lt;Blue&gt;", "<table");
        await().atMost(Duration.ofSeconds(10)).until(() -> count(user, "ORDER_CONFIRMED", "SENT") == 2); // EMAIL + SMS
        // and it stays at two (welcome + confirmation) while a second delivery would have had time to happen
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3)).until(() -> emailsTo(email).size() == 2);
        assertThat(jdbc.sql("select channel from notification where user_id = ? and type = 'ORDER_CONFIRMED' order by channel")
                .param(user).query(String.class).list()).containsExactly("EMAIL", "SMS");
        // the order's own notifications, for its page: its owner's, or anyone's for an admin; nobody else's
        assertThat(notifications.aboutOrder(order, user, false, 0, 20).getContent())
                .extracting(n -> n.type() + "/" + n.channel() + "/" + n.orderId())
                .containsExactlyInAnyOrder("ORDER_CONFIRMED/EMAIL/" + order, "ORDER_CONFIRMED/SMS/" + order);
        assertThat(notifications.aboutOrder(order, "someone-else", false, 0, 20).getContent()).isEmpty();
        assertThat(notifications.aboutOrder(order, "an-admin", true, 0, 20).getContent()).hasSize(2);
        assertThat(notifications.inbox(user, 0, 20).getContent()).filteredOn(n -> n.type().equals("WELCOME"))
                .allSatisfy(n -> assertThat(n.orderId()).isNull());
    }

    @Test
    void theRefundEmailArrivesOnceHoweverOftenPaymentRefundedIsDelivered() throws Exception {
        String user = UUID.randomUUID().toString();
        String email = "linus-" + user + "@example.com";
        register(user, "Linus", email, "+15557654321");
        awaitEmail(email, "Welcome to Emporium, Linus!");
        String order = UUID.randomUUID().toString();
        var refunded = CheckoutMessage.once("/emporium/payment-service", new PaymentEvent.PaymentRefunded(order,
                UUID.randomUUID().toString(), user, new BigDecimal("79.80"), "USD"), Instant.now());
        for (int i = 0; i < 3; i++) { // delivered three times
            topics.send(CheckoutTopics.PAYMENT_EVENTS, order, json.writeValueAsString(refunded));
        }
        // one partition: once a later refund of the same user is queued, all three copies were handled
        String later = UUID.randomUUID().toString();
        topics.send(CheckoutTopics.PAYMENT_EVENTS, later, json.writeValueAsString(CheckoutMessage.once("/emporium/payment-service",
                new PaymentEvent.PaymentRefunded(later, UUID.randomUUID().toString(), user, new BigDecimal("5.00"), "EUR"),
                Instant.now())));

        String subject = "Your refund of 79.80 USD for order " + order.substring(0, 8).toUpperCase() + " is on its way";
        MimeMessage mail = awaitEmail(email, subject);
        assertThat(GreenMailUtil.getBody(mail)).contains("79.80 USD", order.substring(0, 8).toUpperCase());
        awaitEmail(email, "Your refund of 5.00 EUR for order " + later.substring(0, 8).toUpperCase() + " is on its way");
        await().atMost(Duration.ofSeconds(10)).until(() -> count(user, "PAYMENT_REFUNDED", "SENT") == 4); // 2 × (EMAIL + SMS)
        assertThat(jdbc.sql("select channel from notification where event_id = ? order by channel").param(refunded.id())
                .query(String.class).list()).containsExactly("EMAIL", "SMS");
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3)).until(() -> emailsTo(email).stream()
                .filter(m -> subject(m).equals(subject)).count() == 1);
    }

    @Test
    void paymentCapturedIsConsumedWithoutANotificationAndIsNotDeadLettered() throws Exception {
        String user = UUID.randomUUID().toString();
        String email = "edsger-" + user + "@example.com";
        register(user, "Edsger", email, null);
        awaitEmail(email, "Welcome to Emporium, Edsger!");
        String order = UUID.randomUUID().toString();
        topics.send(CheckoutTopics.PAYMENT_EVENTS, order, json.writeValueAsString(CheckoutMessage.once("/emporium/payment-service",
                new PaymentEvent.PaymentCaptured(order, UUID.randomUUID().toString(), user, new BigDecimal("42.00"), "USD"),
                Instant.now())));
        String later = UUID.randomUUID().toString(); // behind it on the one partition
        topics.send(CheckoutTopics.PAYMENT_EVENTS, later, json.writeValueAsString(CheckoutMessage.once("/emporium/payment-service",
                new PaymentEvent.PaymentRefunded(later, UUID.randomUUID().toString(), user, new BigDecimal("1.00"), "USD"),
                Instant.now())));
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "select count(*) from notification where user_id = ? and type = 'PAYMENT_REFUNDED'").param(user)
                .query(Long.class).single() == 1);

        assertThat(jdbc.sql("select type from notification where user_id = ? order by created_at").param(user)
                .query(String.class).list()).containsExactly("WELCOME", "PAYMENT_REFUNDED");
        assertThat(topics.readAll(CheckoutTopics.PAYMENT_EVENTS + ".DLT")).noneMatch(m -> m.contains(order));
    }

    @Test
    void whileSmtpIsDownEmailsWaitAndGoOutWhenItIsBack() throws Exception {
        String user = UUID.randomUUID().toString();
        String email = "grace-" + user + "@example.com";
        register(user, "Grace", email, null);
        awaitEmail(email, "Welcome to Emporium, Grace!");
        smtp.stop();
        String order = UUID.randomUUID().toString();
        topics.send(CheckoutTopics.ORDER_EVENTS, order, json.writeValueAsString(CheckoutMessage.once("/emporium/order-service",
                new OrderEvent.OrderCancelled(order, user, new BigDecimal("12.00"), "EUR"), Instant.now())));
        await("a failed attempt").atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "select count(*) from notification where user_id = ? and type = 'ORDER_CANCELLED' and status = 'PENDING' and attempts >= 2")
                .param(user).query(Long.class).single() == 1);
        smtp = startSmtp();
        awaitEmail(email, "Your order " + order.substring(0, 8).toUpperCase() + " is cancelled");
        await().atMost(Duration.ofSeconds(10)).until(() -> count(user, "ORDER_CANCELLED", "SENT") == 1);
    }

    @Test
    void aMalformedAddressFailsForGoodAndTheReasonIsKept() throws Exception {
        String user = UUID.randomUUID().toString();
        register(user, "Bob", "bob at example dot com", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> count(user, "WELCOME", "FAILED") == 1);
        assertThat(jdbc.sql("select failure from notification where user_id = ?").param(user).query(String.class).single())
                .isNotBlank();
        assertThat(meters.get("emporium.notifications").tag("status", "FAILED").counter().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void anOrderOfAnUnknownUserIsDeadLettered() {
        String order = UUID.randomUUID().toString();
        topics.send(CheckoutTopics.ORDER_EVENTS, order, json.writeValueAsString(CheckoutMessage.once("/emporium/order-service",
                new OrderEvent.OrderRejected(order, "nobody-" + order, "TIMEOUT", BigDecimal.ONE, "USD"), Instant.now())));
        await().atMost(Duration.ofSeconds(20)).until(() -> topics.readAll(CheckoutTopics.ORDER_EVENTS + ".DLT").stream()
                .anyMatch(m -> m.contains(order)));
    }

    private void register(String user, String name, String email, String phone) {
        topics.send(UserTopics.USER_EVENTS, user, json.writeValueAsString(
                UserEvent.registered(new UserRegistered(user, name, email, phone, Instant.now()))));
    }

    private long count(String user, String type, String status) {
        return jdbc.sql("select count(*) from notification where user_id = ? and type = ? and status = ?")
                .params(user, type, status).query(Long.class).single();
    }

    private MimeMessage awaitEmail(String to, String subject) {
        MimeMessage[] found = new MimeMessage[1];
        await("an email to " + to + ": " + subject).atMost(Duration.ofSeconds(20)).until(() -> {
            for (MimeMessage message : emailsTo(to)) {
                if (subject.equals(message.getSubject())) {
                    found[0] = message;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<MimeMessage> emailsTo(String to) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                Address[] recipients = m.getAllRecipients();
                return recipients != null && Arrays.stream(recipients).anyMatch(a -> a.toString().equals(to));
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    static GreenMail startSmtp() {
        GreenMail server = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return server;
    }

    static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
