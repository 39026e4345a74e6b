package dev.emporium.processor.card;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import dev.emporium.processor.idempotency.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Tokens for card numbers: a payment method keeps its last four digits and its test behaviour, never the number. */
@Repository
public class PaymentMethods {

    private final JdbcClient jdbc;

    public PaymentMethods(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public PaymentMethod create(CardNumber card) {
        PaymentMethod method = new PaymentMethod(Ids.next("pm_"), card.last4(), card.behaviour());
        jdbc.sql("insert into payment_method (id, last4, behaviour, created_at) values (?, ?, ?, ?)")
                .params(method.id(), method.last4(), method.behaviour().name(), Timestamp.from(Instant.now()))
                .update();
        return method;
    }

    public Optional<PaymentMethod> find(String id) {
        return jdbc.sql("select id, last4, behaviour from payment_method where id = ?").param(id)
                .query((rs, n) -> new PaymentMethod(rs.getString("id"), rs.getString("last4"),
                        CardBehaviour.valueOf(rs.getString("behaviour"))))
                .optional();
    }

    public record PaymentMethod(String id, String last4, CardBehaviour behaviour) {
    }
}
