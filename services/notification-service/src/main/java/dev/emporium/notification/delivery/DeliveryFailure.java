package dev.emporium.notification.delivery;

/** A send that did not work; {@code permanent} when retrying cannot help (a rejected or malformed address). */
public class DeliveryFailure extends RuntimeException {

    private final boolean permanent;

    public DeliveryFailure(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }
}
