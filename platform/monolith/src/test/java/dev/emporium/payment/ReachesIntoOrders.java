package dev.emporium.payment;

import dev.emporium.order.OrderServiceApplication;

/** A deliberate offender for ModuleBoundariesTest: a payment class that uses an order-service class directly. */
public final class ReachesIntoOrders {

    private ReachesIntoOrders() {
    }

    public static String ordersMainClass() {
        return OrderServiceApplication.class.getName();
    }
}
