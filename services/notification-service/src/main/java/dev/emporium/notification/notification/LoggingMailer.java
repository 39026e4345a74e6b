package dev.emporium.notification.notification;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The embedded default: the email is recorded (in the notification table) and logged, not sent. */
@Component
class LoggingMailer implements Mailer {

    private static final Logger log = LoggerFactory.getLogger(LoggingMailer.class);

    @Override
    public void send(String recipient, String subject, String body) {
        log.info("Email to {}: {}", recipient, subject);
    }
}
