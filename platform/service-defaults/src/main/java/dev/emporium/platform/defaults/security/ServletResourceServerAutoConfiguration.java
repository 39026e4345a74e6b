package dev.emporium.platform.defaults.security;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.emporium.platform.defaults.web.ProblemResponses;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClient;
import org.springframework.cloud.client.loadbalancer.LoadBalancerInterceptor;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.client.RestTemplate;

/**
 * Every service is an OAuth2 resource server of its own: it verifies each access token (RS256 only, keys
 * from user-service's JWKS found through discovery) and never trusts identity headers. Requests need a
 * token unless listed in {@code emporium.security.public-paths}; probes and metrics are open on the
 * service port (which the gateway never routes to). 401/403 are problem+json.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration"})
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({SecurityFilterChain.class, JwtDecoder.class})
@EnableConfigurationProperties(ResourceServerProperties.class)
@EnableMethodSecurity
public class ServletResourceServerAutoConfiguration {

    /** user-service's public keys, fetched through discovery; none in a service that verifies with its own keys. */
    @Bean
    @ConditionalOnMissingBean(JwtDecoder.class)
    TokenSignatures tokenSignatures(ResourceServerProperties properties, ObjectProvider<LoadBalancerClient> loadBalancer) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(Duration.ofSeconds(2));
        requests.setReadTimeout(Duration.ofSeconds(3));
        RestTemplate http = new RestTemplate(requests);
        if (properties.jwksThroughDiscovery()) {
            http.getInterceptors().add(new LoadBalancerInterceptor(loadBalancer.getObject()));
        }
        // keys cached, refreshed ahead, and kept through an outage of user-service: issued tokens keep working
        return new TokenSignatures(ResilientJwks.keys(properties.jwksHttpUrl(), http, properties.jwksCache()), properties);
    }

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(TokenSignatures signatures, ResourceServerProperties properties) {
        return signatures.decoder(EmporiumJwtValidators.create(properties));
    }

    /** Every request a more specific chain (user-service's token endpoint) does not claim. */
    @Bean
    @ConditionalOnMissingBean(name = "resourceServerFilterChain")
    SecurityFilterChain resourceServerFilterChain(HttpSecurity http, ResourceServerProperties properties,
            JwtDecoder decoder, ProblemResponses problems) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            write(problems, request, response, HttpStatus.UNAUTHORIZED, "A valid access token is required.");
        };
        AccessDeniedHandler forbidden = (request, response, e) ->
                write(problems, request, response, HttpStatus.FORBIDDEN, "This operation is not allowed for you.");
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(authorize -> {
                    authorize.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                            "/actuator/prometheus", "/error").permitAll();
                    for (String entry : properties.adminPaths()) {
                        String[] parts = entry.trim().split("\\s+", 2);
                        (parts.length == 2 ? authorize.requestMatchers(HttpMethod.valueOf(parts[0]), parts[1])
                                : authorize.requestMatchers(parts[0])).hasRole("ADMIN");
                    }
                    for (String entry : properties.publicPaths()) {
                        String[] parts = entry.trim().split("\\s+", 2);
                        (parts.length == 2 ? authorize.requestMatchers(HttpMethod.valueOf(parts[0]), parts[1])
                                : authorize.requestMatchers(parts[0])).permitAll();
                    }
                    authorize.anyRequest().authenticated();
                })
                .oauth2ResourceServer(oauth -> oauth
                        .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(rolesConverter()))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden));
        return http.build();
    }

    /** The {@code roles} claim becomes {@code ROLE_*} authorities, so {@code hasRole('ADMIN')} works. */
    public static JwtAuthenticationConverter rolesConverter() {
        JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
        authorities.setAuthoritiesClaimName("roles");
        authorities.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(authorities);
        return converter;
    }

    private static void write(ProblemResponses problems, HttpServletRequest request, HttpServletResponse response,
            HttpStatus status, String detail) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status.getReasonPhrase());
        problems.write(request, response, problem);
    }
}
