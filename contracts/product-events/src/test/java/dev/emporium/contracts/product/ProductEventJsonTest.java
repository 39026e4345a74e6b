package dev.emporium.contracts.product;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

class ProductEventJsonTest {

    private final JsonMapper json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    @Test
    void roundTripsWithExactPrices() {
        ProductEvent event = ProductEvent.of(ProductEvent.STOCK_CHANGED, new ProductSnapshot("p-1", "SKU-1", "Kettle",
                "A kettle", "Kitchen", new BigDecimal("39.90"), "USD", 12, true, Instant.parse("2026-11-22T08:00:00Z")));
        String text = json.writeValueAsString(event);
        assertThat(text).contains("\"type\":\"dev.emporium.product.StockChanged.v1\"", "\"price\":39.90", "\"subject\":\"p-1\"");
        assertThat(json.readValue(text, ProductEvent.class)).isEqualTo(event);
    }
}
