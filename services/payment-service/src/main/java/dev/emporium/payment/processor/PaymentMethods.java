package dev.emporium.payment.processor;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Cards as payment methods: the number is exchanged for the processor's payment-method id, and only that id and
 * the last four digits are kept ({@code card_token}), so a payment can show which card paid without the number
 * ever reaching a disk here.
 */
@Service
public class PaymentMethods {

    private final CardProcessor processor;
    private final JdbcClient jdbc;
    private final Clock clock;

    PaymentMethods(CardProcessor processor, JdbcClient jdbc, Clock clock) {
        this.processor = processor;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The token order-service puts on the AuthorizePayment command (the processor's payment-method id). */
    public CardToken tokenize(String cardNumber) {
        CardProcessor.PaymentMethod method = processor.tokenize(cardNumber);
        jdbc.sql("insert into card_token (token, last4, created_at) values (?, ?, ?)")
                .params(method.id(), method.last4(), clock.instant().atOffset(ZoneOffset.UTC)).update();
        return new CardToken(method.id(), method.last4());
    }

    /** The last four digits of a card tokenized here. */
    public Optional<String> last4(String token) {
        return jdbc.sql("select last4 from card_token where token = ?").param(token).query(String.class).optional()
                .map(String::trim);
    }

    /** What order-service gets back: {@code {token, last4}}. */
    public record CardToken(String token, String last4) {
    }
}
