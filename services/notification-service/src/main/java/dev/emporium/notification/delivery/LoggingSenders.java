package dev.emporium.notification.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embedded defaults: nothing leaves the machine; the notification is recorded (its table) and logged. */
final class LoggingSenders {

    private static final Logger log = LoggerFactory.getLogger(LoggingSenders.class);

    private LoggingSenders() {
    }

    static EmailSender email() {
        return email -> log.info("Email {} to {}: {}", email.messageId(), email.to(), email.subject());
    }

    static SmsSender sms() {
        return (phone, text) -> log.info("SMS to {}: {}", phone, text);
    }
}
