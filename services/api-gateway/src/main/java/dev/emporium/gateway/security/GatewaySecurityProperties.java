package dev.emporium.gateway.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param corsAllowedOrigins browser origins allowed to call the API from elsewhere (none: same origin only)
 * @param contentSecurityPolicy the CSP sent with every answer (the UI has no inline scripts)
 */
@ConfigurationProperties("emporium.gateway.security")
record GatewaySecurityProperties(List<String> corsAllowedOrigins, String contentSecurityPolicy) {

    GatewaySecurityProperties {
        corsAllowedOrigins = corsAllowedOrigins == null ? List.of() : corsAllowedOrigins.stream()
                .filter(origin -> !origin.isBlank()).toList();
    }
}
