package dev.emporium.notification.delivery;

import java.time.Clock;
import java.util.Properties;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The scheduled {@link Delivery}, and which senders it uses: SMTP when {@code SMTP_HOST} is set (with
 * {@code SMTP_PORT}, {@code SMTP_USERNAME}, {@code SMTP_PASSWORD}, {@code SMTP_STARTTLS}), otherwise the logging
 * default; SMS is always the logging default until a provider adapter is added.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DeliveryProperties.class)
class DeliveryConfiguration {

    /**
     * The scheduled sender. It claims as this process: host name (the pod's in Kubernetes), process id and a random
     * suffix, so two instances, even on one host, never take each other's claims for their own.
     */
    @Bean
    Delivery delivery(JdbcClient jdbc, PlatformTransactionManager transactions, EmailSender email, SmsSender sms,
            DeliveryProperties properties, Clock clock, MeterRegistry meters) {
        String host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        String instance = host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
        return new Delivery(jdbc, transactions, email, sms, properties, clock, meters,
                instance.length() > 200 ? instance.substring(instance.length() - 200) : instance);
    }

    @Bean
    @ConditionalOnProperty("SMTP_HOST")
    EmailSender smtpEmailSender(@Value("${SMTP_HOST}") String host, @Value("${SMTP_PORT:25}") int port,
            @Value("${SMTP_USERNAME:}") String username, @Value("${SMTP_PASSWORD:}") String password,
            @Value("${SMTP_STARTTLS:false}") boolean startTls, DeliveryProperties delivery) {
        JavaMailSenderImpl mail = new JavaMailSenderImpl();
        mail.setHost(host);
        mail.setPort(port);
        if (!username.isBlank()) {
            mail.setUsername(username);
            mail.setPassword(password);
        }
        Properties smtp = new Properties();
        smtp.put("mail.smtp.auth", Boolean.toString(!username.isBlank()));
        smtp.put("mail.smtp.starttls.enable", Boolean.toString(startTls));
        smtp.put("mail.smtp.connectiontimeout", "5000");
        smtp.put("mail.smtp.timeout", "10000");
        smtp.put("mail.smtp.writetimeout", "10000");
        mail.setJavaMailProperties(smtp);
        return new SmtpEmailSender(mail, delivery.from());
    }

    @Bean
    @ConditionalOnMissingBean(EmailSender.class)
    EmailSender loggingEmailSender() {
        return LoggingSenders.email();
    }

    @Bean
    @ConditionalOnMissingBean(SmsSender.class)
    SmsSender loggingSmsSender() {
        return LoggingSenders.sms();
    }
}
