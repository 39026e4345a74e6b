package dev.emporium.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.emporium.contracts.user.UserRegistered;
import dev.emporium.notification.notification.Notifications;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Claim before send, against a real SMTP server (GreenMail), with two senders driven by hand as two service
 * instances would run them, on a clock the test moves (so a lease runs out when the test says, not after a sleep):
 * while one sender hangs in its SMTP call, the other does not send that notification; once the lease ran out the
 * other sends it, and both copies carry the same Message-ID; a forced resend keeps it too; many senders racing over
 * many notifications send each exactly once. The service's own scheduled sender is kept idle (one pass at start-up,
 * when nothing is due; Kafka listeners off). H2 here, PostgreSQL in {@link DeliveryClaimPostgresTest}.
 */
@SpringBootTest(properties = {
        "eureka.client.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "spring.kafka.listener.auto-startup=false",
        "emporium.notifications.delivery.interval=PT1H",
        "SMTP_HOST=127.0.0.1"})
class DeliveryClaimTest {

    static final int SMTP_PORT = freePort();
    static GreenMail smtp;

    @Autowired
    Notifications notifications;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    EmailSender smtpSender;

    @Autowired
    SmsSender sms;

    @Autowired
    DeliveryProperties properties;

    @Autowired
    MeterRegistry meters;

    /** A minute ahead of the service's clock, so whatever it queued is due for the test's senders. */
    TestClock clock;
    final ExecutorService background = Executors.newFixedThreadPool(4);

    @DynamicPropertySource
    static void smtpPort(DynamicPropertyRegistry registry) {
        registry.add("SMTP_PORT", () -> SMTP_PORT);
    }

    @BeforeAll
    static void startSmtp() {
        smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @BeforeEach
    void startClock() {
        clock = new TestClock(Instant.now().plus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MICROS));
    }

    @AfterEach
    void stopBackground() {
        background.shutdownNow();
    }

    @Test
    void whileOneSenderHangsInSmtpAnotherDoesNotSendAndAfterTheLeaseTheResendKeepsTheMessageId() throws Exception {
        String email = "ada-" + UUID.randomUUID() + "@example.com";
        UUID id = queueWelcome("Ada", email);
        CountDownLatch inSmtp = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        Delivery hanging = sender("instance-a", mail -> {
            inSmtp.countDown();
            try {
                answer.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            smtpSender.send(mail);
        });
        Delivery other = sender("instance-b", smtpSender);

        Future<?> hangingPass = background.submit(hanging::sendDue);
        assertThat(inSmtp.await(10, TimeUnit.SECONDS)).as("the first sender reached SMTP").isTrue();
        assertThat(column(id, "status")).isEqualTo("SENDING");
        assertThat(column(id, "claimed_by")).isEqualTo("instance-a");
        String messageId = "<" + id + "@emporium.local>";
        assertThat(column(id, "message_id")).as("fixed before anything was sent").isEqualTo(messageId);

        other.sendDue(); // a pass of another instance while the first one's SMTP call hangs, within its lease
        assertThat(emailsTo(email)).as("nothing sent by the second sender").isEmpty();
        assertThat(column(id, "claimed_by")).isEqualTo("instance-a");

        clock.advance(properties.lease().plusSeconds(1)); // the first sender is as good as dead: its lease ran out
        other.sendDue();
        assertThat(emailsTo(email)).singleElement().satisfies(mail -> assertThat(mail.getMessageID()).isEqualTo(messageId));
        assertThat(column(id, "status")).isEqualTo("SENT");
        assertThat(column(id, "claimed_by")).isNull();
        String sentAt = column(id, "sent_at");

        answer.countDown(); // the slow SMTP answer comes after all: a duplicate, but with the same Message-ID
        hangingPass.get(20, TimeUnit.SECONDS);
        assertThat(emailsTo(email)).hasSize(2).allSatisfy(mail -> assertThat(mail.getMessageID()).isEqualTo(messageId));
        assertThat(column(id, "status")).as("the outcome is the second sender's").isEqualTo("SENT");
        assertThat(column(id, "sent_at")).isEqualTo(sentAt);
        assertThat(column(id, "attempts")).isEqualTo("2");
    }

    @Test
    void aForcedResendCarriesTheSameMessageId() throws Exception {
        String email = "grace-" + UUID.randomUUID() + "@example.com";
        UUID id = queueWelcome("Grace", email);
        Delivery sender = sender("instance-a", smtpSender);
        sender.sendDue();
        assertThat(emailsTo(email)).singleElement()
                .satisfies(mail -> assertThat(mail.getMessageID()).isEqualTo("<" + id + "@emporium.local>"));

        jdbc.sql("update notification set status = 'PENDING', next_attempt_at = ? where id = ?")
                .params(clock.instant().atOffset(ZoneOffset.UTC), id).update();
        clock.advance(Duration.ofSeconds(1));
        sender.sendDue();
        assertThat(emailsTo(email)).hasSize(2)
                .allSatisfy(mail -> assertThat(mail.getMessageID()).isEqualTo("<" + id + "@emporium.local>"));
    }

    @Test
    void sendersRacingOverTheSameNotificationsSendEachExactlyOnce() throws Exception {
        List<UUID> queued = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            queued.add(queueWelcome("Racer " + i, "racer-" + i + "-" + UUID.randomUUID() + "@example.com"));
        }
        List<String> sent = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> passes = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            Delivery sender = sender("instance-" + s, mail -> sent.add(mail.messageId()));
            passes.add(background.submit(() -> {
                start.await();
                sender.sendDue();
                return null;
            }));
        }
        start.countDown();
        for (Future<?> pass : passes) {
            pass.get(30, TimeUnit.SECONDS);
        }
        Map<String, Long> sends = sent.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(sends).as("each notification sent once, by one of the senders")
                .containsOnlyKeys(queued.stream().map(id -> "<" + id + "@emporium.local>").toList())
                .allSatisfy((messageId, times) -> assertThat(times).isEqualTo(1));
    }

    /**
     * A pass claims its batch at once and records the outcomes at its end, so a pass whose sends have used half the
     * lease stops there: what it sent is recorded, the rest is handed back unsent (PENDING, the claim not counted as
     * an attempt) and the next pass sends it, each notification once.
     */
    @Test
    void aPassThatHasUsedHalfItsLeaseRecordsWhatItSentAndHandsTheRestBack() {
        List<UUID> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            queued.add(queueWelcome("Slow " + i, "slow-" + i + "-" + UUID.randomUUID() + "@example.com"));
        }
        List<String> sent = Collections.synchronizedList(new ArrayList<>());
        sender("instance-slow", mail -> {
            sent.add(mail.messageId());
            clock.advance(properties.lease().dividedBy(2).plusSeconds(1));
        }).sendDue();
        assertThat(sent).as("one send used half the lease").hasSize(1);
        for (UUID id : queued) {
            if (sent.contains("<" + id + "@emporium.local>")) {
                assertThat(column(id, "status")).isEqualTo("SENT");
                assertThat(column(id, "attempts")).isEqualTo("1");
            } else {
                assertThat(column(id, "status")).as("handed back").isEqualTo("PENDING");
                assertThat(column(id, "attempts")).isEqualTo("0");
                assertThat(column(id, "claimed_by")).isNull();
            }
        }

        sender("instance-fast", mail -> sent.add(mail.messageId())).sendDue();
        assertThat(queued).allSatisfy(id -> assertThat(column(id, "status")).isEqualTo("SENT"));
        Map<String, Long> sends = sent.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(queued).allSatisfy(id -> assertThat(sends.get("<" + id + "@emporium.local>")).isEqualTo(1));
    }

    /** A WELCOME email, PENDING and due: the id of its notification. */
    private UUID queueWelcome(String name, String email) {
        String user = UUID.randomUUID().toString();
        notifications.welcome(UUID.randomUUID().toString(), new UserRegistered(user, name, email, null, Instant.now()));
        return jdbc.sql("select id from notification where user_id = ?").param(user).query(UUID.class).single();
    }

    private Delivery sender(String instance, EmailSender email) {
        return new Delivery(jdbc, transactions, email, sms, properties, clock, meters, instance);
    }

    private String column(UUID id, String column) {
        return jdbc.sql("select cast(" + column + " as varchar(300)) from notification where id = ?").param(id)
                .query((rs, n) -> rs.getString(1)).list().getFirst();
    }

    private static List<MimeMessage> emailsTo(String to) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(message -> {
            try {
                Address[] recipients = message.getAllRecipients();
                return recipients != null && Arrays.stream(recipients).anyMatch(a -> a.toString().equals(to));
            } catch (MessagingException e) {
                return false;
            }
        }).toList();
    }

    static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A clock the test moves: a lease runs out exactly when the test says so. */
    static final class TestClock extends Clock {

        private volatile Instant now;

        TestClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
