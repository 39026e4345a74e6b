package dev.emporium.notification.delivery;

/**
 * Sends an email or throws {@link DeliveryFailure}. The default records and logs ({@link LoggingEmailSender});
 * {@link SmtpEmailSender} sends over SMTP when {@code SMTP_HOST} is set.
 */
public interface EmailSender {

    void send(Email email);
}
