/** Edge authentication: JWT validation, public routes, security headers, CORS. */
package dev.emporium.gateway.security;
