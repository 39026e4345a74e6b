package dev.emporium.contracts.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.emporium.contracts.checkout.PaymentCommand.AuthorizePayment;
import dev.emporium.contracts.checkout.PaymentEvent.PaymentCaptured;
import dev.emporium.contracts.checkout.StockCommand.ReserveStock;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class CheckoutMessageTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final Instant now = Instant.parse("2026-11-22T10:00:00.123456Z");

    @Test
    void roundTripsEveryKindWithExactAmounts() {
        var reserve = CheckoutMessage.of("/emporium/order-service",
                new ReserveStock("o-1", List.of(new StockCommand.Line(UUID.randomUUID(), 3))), now);
        var authorize = CheckoutMessage.of("/emporium/order-service",
                new AuthorizePayment("o-1", "u-1", new BigDecimal("79.80"), "USD", "pm_abc"), now);
        for (CheckoutMessage<?> message : List.of(reserve, authorize)) {
            String text = json.writeValueAsString(message);
            assertThat(CheckoutMessage.read(text)).isEqualTo(message);
        }
        assertThat(json.writeValueAsString(authorize)).contains("\"type\":\"dev.emporium.AuthorizePayment.v1\"",
                "\"amount\":79.80", "\"subject\":\"o-1\"", "\"specversion\":\"1.0\"");
    }

    @Test
    void anyMapperReadsAnOutboxEntryBackWithItsTypedData() {
        var outbound = CheckoutMessage.once("/emporium/payment-service",
                new PaymentCaptured("o-2", "p-2", "u-2", new BigDecimal("12.50"), "EUR"), now).to(CheckoutTopics.PAYMENT_EVENTS);
        CheckoutMessage.Outbound back = json.readValue(json.writeValueAsString(outbound), CheckoutMessage.Outbound.class);
        assertThat(back.topic()).isEqualTo("payment-events");
        assertThat(back.message().id()).isEqualTo(outbound.message().id());
        assertThat(((PaymentCaptured) back.message().data()).amount()).isEqualByComparingTo("12.50");
    }

    @Test
    void aFactHappeningOncePerOrderHasAStableId() {
        var captured = new PaymentCaptured("o-3", "p-3", "u-3", BigDecimal.TEN, "USD");
        assertThat(CheckoutMessage.once("/s", captured, now).id()).isEqualTo(CheckoutMessage.once("/s", captured, now.plusSeconds(5)).id())
                .isNotEqualTo(CheckoutMessage.once("/s", new PaymentCaptured("o-4", "p-3", "u-3", BigDecimal.TEN, "USD"), now).id());
    }

    @Test
    void aRecordThatIsBothReplyAndEventHasOneType() {
        assertThat(CheckoutPayload.classOf("dev.emporium.PaymentCaptured.v1")).contains(PaymentCaptured.class);
        assertThat(CheckoutPayload.Registry.BY_TYPE).hasSize(22);
    }

    @Test
    void unknownTypesAndGarbageAreUnreadableNotCrashes() {
        assertThatThrownBy(() -> CheckoutMessage.read("{\"id\":\"1\",\"type\":\"dev.emporium.Nope.v1\",\"data\":{}}"))
                .isInstanceOf(CheckoutMessage.UnreadableMessage.class);
        assertThatThrownBy(() -> CheckoutMessage.read("not json")).isInstanceOf(CheckoutMessage.UnreadableMessage.class);
        assertThatThrownBy(() -> CheckoutMessage.read("{\"type\":\"dev.emporium.StockReleased.v1\",\"data\":{}}"))
                .isInstanceOf(CheckoutMessage.UnreadableMessage.class);
    }

    @Test
    void toleratesFieldsANewerSenderAdds() {
        var message = CheckoutMessage.read("""
                {"specversion":"1.0","id":"m-1","type":"dev.emporium.StockReleased.v1","subject":"o-9",
                 "time":"2026-11-22T10:00:00Z","extension":"x","data":{"orderId":"o-9","later":true}}""");
        assertThat(message.data()).isEqualTo(new CheckoutReply.StockReleased("o-9"));
    }
}
