/** Tokens: login, RS256 access tokens, rotating refresh tokens, signing keys and the JWKS, login throttling. */
package dev.emporium.user.token;
