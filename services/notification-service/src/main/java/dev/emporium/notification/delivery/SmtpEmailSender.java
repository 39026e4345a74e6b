package dev.emporium.notification.delivery;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Email over SMTP with Spring's {@link JavaMailSender}: multipart/alternative (text + HTML), with the
 * notification's own stable Message-ID. A malformed address or one the server refuses with a 5xx is permanent; an
 * unreachable server, a timeout or a 4xx is transient.
 */
public class SmtpEmailSender implements EmailSender {

    private final JavaMailSender mail;
    private final String from;

    public SmtpEmailSender(JavaMailSender mail, String from) {
        this.mail = mail;
        this.from = from;
    }

    @Override
    public void send(Email email) {
        MimeMessage message = mail.createMimeMessage();
        try {
            InternetAddress to = new InternetAddress(email.to(), true);
            MimeMessageHelper helper = new MimeMessageHelper(message, email.html() != null, "UTF-8");
            helper.setFrom(from);
            helper.setTo(to);
            helper.setSubject(email.subject());
            if (email.messageId() != null) {
                // JavaMail would generate a new one on saveChanges; Spring's sender keeps one that is set explicitly
                message.setHeader("Message-ID", email.messageId());
            }
            if (email.html() != null) {
                helper.setText(email.text(), email.html());
            } else {
                helper.setText(email.text());
            }
        } catch (AddressException bad) {
            throw new DeliveryFailure("Not an email address: " + bad.getMessage(), true, bad);
        } catch (MessagingException e) {
            throw new DeliveryFailure("Could not compose the email: " + e.getMessage(), true, e);
        }
        try {
            mail.send(message);
        } catch (MailParseException | MailPreparationException e) {
            throw new DeliveryFailure(e.getMessage(), true, e);
        } catch (MailAuthenticationException e) {
            throw new DeliveryFailure("SMTP authentication failed: " + e.getMessage(), false, e);
        } catch (MailException e) {
            throw new DeliveryFailure(e.getMessage(), refusedAddress(e), e);
        }
    }

    /** The server answered the recipient with a permanent (5xx) refusal. */
    private static boolean refusedAddress(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SendFailedException failed && failed.getInvalidAddresses() != null
                    && failed.getInvalidAddresses().length > 0) {
                return true;
            }
            if (t.getClass().getSimpleName().equals("SMTPAddressFailedException")) {
                return true;
            }
            if (t instanceof MessagingException messaging && messaging.getNextException() != null
                    && messaging.getNextException() != t.getCause() && refusedAddress(messaging.getNextException())) {
                return true;
            }
        }
        return false;
    }
}
