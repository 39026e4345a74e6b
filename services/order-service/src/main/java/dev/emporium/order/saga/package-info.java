/**
 * The checkout saga, orchestrated: its persisted state and decisions ({@link dev.emporium.order.saga.CheckoutSagaState}),
 * the orchestrator that applies them ({@link dev.emporium.order.saga.CheckoutSaga}), replies in, deadlines.
 */
package dev.emporium.order.saga;
