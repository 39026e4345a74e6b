package dev.emporium.user.identity;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.emporium.platform.defaults.security.EmporiumJwtValidators;
import dev.emporium.user.token.SigningKeys;
import dev.emporium.user.token.TokenProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The token endpoint of the service identities ({@code POST /oauth2/token}, client-credentials grant, client secret
 * in HTTP Basic): Spring Authorization Server, on a filter chain of its own ahead of the resource-server chain that
 * guards the rest of user-service. Service tokens are RS256 JWTs signed with the current key of the JWKS every service
 * already trusts: {@code iss} emporium, {@code sub} the client, {@code aud} {@code emporium-services} plus the services
 * whose scopes the token holds, {@code scope}, five minutes. Not routed by the gateway.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ServiceClientsProperties.class)
class AuthorizationServerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AuthorizationServerConfiguration.class);

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain authorizationServerFilterChain(HttpSecurity http) throws Exception {
        OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
        http.securityMatcher(server.getEndpointsMatcher())
                .with(server, Customizer.withDefaults())
                .authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings() {
        return AuthorizationServerSettings.builder().build();
    }

    /** The clients of the configuration that have a secret, each with the scopes it may be granted. */
    @Bean
    RegisteredClientRepository serviceClients(ServiceClientsProperties properties) {
        Map<String, RegisteredClient> clients = new TreeMap<>();
        properties.clients().forEach((name, client) -> {
            List<String> unknown = client.scopes().stream().filter(scope -> !properties.scopes().containsKey(scope)).toList();
            if (!unknown.isEmpty()) {
                throw new IllegalStateException("emporium.authorization-server.clients." + name + ": unknown scopes "
                        + unknown + " (declare them in emporium.authorization-server.scopes)");
            }
            if (client.secret().isBlank()) {
                return;
            }
            clients.put(name, RegisteredClient.withId(name)
                    .clientId(name)
                    .clientSecret(ServiceSecrets.encode(client.secret()))
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                    .scopes(scopes -> scopes.addAll(client.scopes()))
                    .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(properties.tokenTtl())
                            .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED).build())
                    .build());
        });
        log.info("Service identity: {} client(s) may obtain service tokens: {}", clients.size(),
                clients.values().stream().map(c -> c.getClientId() + " " + c.getScopes()).collect(Collectors.joining(", ")));
        return new RegisteredClientRepository() {
            @Override
            public void save(RegisteredClient client) {
                throw new UnsupportedOperationException("service clients come from the configuration");
            }

            @Override
            public RegisteredClient findById(String id) {
                return clients.get(id);
            }

            @Override
            public RegisteredClient findByClientId(String clientId) {
                return clients.get(clientId);
            }
        };
    }

    /** Signs with the current key of user-service's set (the key id names it), like customers' tokens. */
    @Bean
    JWKSource<SecurityContext> serviceTokenKeys(SigningKeys keys) {
        return (selector, context) -> selector.select(keys.signingSet());
    }

    /** Our issuer and key id; the audience is every service whose internal API the granted scopes open. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> serviceTokenClaims(SigningKeys keys, TokenProperties tokens,
            ServiceClientsProperties properties) {
        return context -> {
            if (!AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
                return;
            }
            Set<String> audience = new LinkedHashSet<>();
            audience.add(EmporiumJwtValidators.SERVICES_AUDIENCE);
            context.getAuthorizedScopes().stream().map(properties.scopes()::get).forEach(audience::add);
            context.getJwsHeader().keyId(keys.current().getKeyID()).type("JWT");
            context.getClaims().issuer(tokens.issuer()).audience(List.copyOf(audience));
        };
    }

    /**
     * Issued service tokens are not kept: they are self-contained JWTs, checked by signature where they are used, and
     * they expire within minutes (there is no introspection nor revocation of them). Spring Authorization Server's
     * in-memory store would keep every one ever issued.
     */
    @Bean
    OAuth2AuthorizationService serviceTokensNotKept() {
        return new OAuth2AuthorizationService() {
            @Override
            public void save(OAuth2Authorization authorization) {
            }

            @Override
            public void remove(OAuth2Authorization authorization) {
            }

            @Override
            public OAuth2Authorization findById(String id) {
                return null;
            }

            @Override
            public OAuth2Authorization findByToken(String token, OAuth2TokenType type) {
                return null;
            }
        };
    }
}
