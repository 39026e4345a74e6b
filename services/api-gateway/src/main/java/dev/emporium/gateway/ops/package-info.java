/** {@code GET /api/ops/metrics} (ADMIN): the operations console's figures, read from every instance's metrics. */
package dev.emporium.gateway.ops;
