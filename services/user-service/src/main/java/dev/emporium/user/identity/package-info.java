/**
 * Service identity: user-service as the OAuth2 authorization server of the other services. Each service has client
 * credentials and obtains short-lived service tokens here (client-credentials grant, Spring Authorization Server),
 * signed with the same keys as customers' tokens; their audience and scopes say which internal APIs they open.
 * docs/security.md, "Service identity".
 */
package dev.emporium.user.identity;
