/** The gateway's protection of each route: a circuit breaker and a time limit per service, a problem+json fallback. */
package dev.emporium.gateway.resilience;
