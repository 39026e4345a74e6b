/** What the gateway does to every request at the edge: request ids, path and size guards, problem+json errors. */
package dev.emporium.gateway.edge;
