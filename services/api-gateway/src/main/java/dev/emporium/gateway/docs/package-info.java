/** {@code GET /api/docs}: the public API's OpenAPI description. */
package dev.emporium.gateway.docs;
