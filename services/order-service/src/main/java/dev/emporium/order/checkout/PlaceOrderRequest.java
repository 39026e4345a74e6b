package dev.emporium.order.checkout;

import java.util.List;
import java.util.UUID;

import dev.emporium.order.order.ShippingAddress;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/orders}. Prices and totals are not part of it: a {@code unitPrice} or {@code total}
 * a client sends is ignored, the catalog's are used.
 */
public record PlaceOrderRequest(
        @NotNull @Size(min = 1, max = 50) List<@NotNull @Valid Item> items,
        @NotNull @Valid Card payment,
        @NotNull @Valid Address shippingAddress) {

    public record Item(@NotNull UUID productId, @NotNull @Min(1) @Max(100) Integer quantity) {
    }

    /** {@code toString} never shows the number: it could reach a log through a framework message. */
    public record Card(@NotBlank @Size(max = 30) @CardNumber String cardNumber) {
        @Override
        public String toString() {
            return "Card[cardNumber=****]";
        }
    }

    public record Address(
            @NotBlank @Size(max = 100) String name,
            @NotBlank @Size(max = 200) String line1,
            @NotBlank @Size(max = 100) String city,
            @NotBlank @Size(max = 20) String postalCode,
            @NotBlank @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code, e.g. US") String country) {

        ShippingAddress toShippingAddress() {
            return new ShippingAddress(name.strip(), line1.strip(), city.strip(), postalCode.strip(), country);
        }
    }
}
