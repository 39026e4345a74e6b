package dev.emporium.notification.notification;

/** Sends an email. The default records and logs it; an SMTP implementation replaces it when configured. */
public interface Mailer {

    void send(String recipient, String subject, String body);
}
