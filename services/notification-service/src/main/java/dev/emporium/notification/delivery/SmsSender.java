package dev.emporium.notification.delivery;

/** Sends a text message to an E.164 number or throws {@link DeliveryFailure}: the seam for an SMS provider. */
public interface SmsSender {

    void send(String phone, String text);
}
