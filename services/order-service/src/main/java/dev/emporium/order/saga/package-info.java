/**
 * The checkout saga, orchestrated: its definition as a table ({@link dev.emporium.order.saga.CheckoutSagaDefinition}),
 * its persisted state and the interpreter of the table ({@link dev.emporium.order.saga.CheckoutSagaState}),
 * the orchestrator that applies them ({@link dev.emporium.order.saga.CheckoutSaga}), replies in, deadlines.
 */
package dev.emporium.order.saga;
