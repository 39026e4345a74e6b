/** {@code GET /api/health}: the platform's health, per service and per instance, checked live. */
package dev.emporium.gateway.health;
