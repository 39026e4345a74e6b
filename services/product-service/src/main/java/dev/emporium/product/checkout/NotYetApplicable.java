package dev.emporium.product.checkout;

/**
 * A command that cannot apply yet but will once an earlier one of its order has been processed: a CommitStock before
 * its ReserveStock, a ReturnStock before its CommitStock. Causally impossible, yet a redelivery or an outbox that
 * publishes out of order can deliver them so. Deliberately a plain runtime exception: the service defaults treat it
 * as transient and retry the record with backoff (for minutes) instead of dead-lettering it as poison; the
 * transaction rolls back, so the inbox does not remember the attempt.
 */
public class NotYetApplicable extends RuntimeException {

    NotYetApplicable(String message) {
        super(message);
    }
}
