package dev.emporium.order.order;

/** Where the order goes; stored in the order's own columns ({@code ship_*}). */
public record ShippingAddress(String name, String line1, String city, String postalCode, String country) {
}
