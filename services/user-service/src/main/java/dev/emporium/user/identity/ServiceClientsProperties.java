package dev.emporium.user.identity;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The services that may obtain service tokens ({@code emporium.authorization-server.*}).
 *
 * @param clients each service (client id = its application name), its secret (from the environment: never in
 *        {@code config/}) and the scopes it may be granted; a client without a secret is not registered
 * @param scopes each scope and the service whose internal API it opens: a token holding it is addressed to that
 *        service ({@code aud})
 * @param tokenTtl lifetime of a service token (5 minutes; the services renew theirs a minute ahead)
 */
@ConfigurationProperties("emporium.authorization-server")
public record ServiceClientsProperties(Map<String, Client> clients, Map<String, String> scopes, Duration tokenTtl) {

    public ServiceClientsProperties {
        clients = clients == null ? Map.of() : Map.copyOf(clients);
        scopes = scopes == null ? Map.of() : Map.copyOf(scopes);
        tokenTtl = tokenTtl == null ? Duration.ofMinutes(5) : tokenTtl;
    }

    public record Client(String secret, List<String> scopes) {

        public Client {
            secret = secret == null ? "" : secret;
            scopes = scopes == null ? List.of() : List.copyOf(scopes);
        }
    }
}
