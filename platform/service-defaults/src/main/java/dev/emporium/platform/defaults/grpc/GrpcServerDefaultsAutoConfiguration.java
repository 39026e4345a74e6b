package dev.emporium.platform.defaults.grpc;

import java.util.List;

import dev.emporium.platform.defaults.security.EmporiumJwtValidators;
import dev.emporium.platform.defaults.security.ResourceServerProperties;
import dev.emporium.platform.defaults.security.ServletResourceServerAutoConfiguration;
import dev.emporium.platform.defaults.security.TokenSignatures;
import io.grpc.BindableService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.env.Environment;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/**
 * The gRPC side of a service that serves gRPC (Spring gRPC's own Netty server, {@code spring.grpc.server.port}): its
 * internal APIs, for other services only. Every call needs a service token in the {@code authorization} metadata,
 * issued by user-service to the calling service (client credentials), addressed to this service ({@code aud}) and
 * holding the scope {@code emporium.security.internal-calls} names for the method; methods not listed there are
 * refused. No token or a bad one (forged, expired, another audience) is UNAUTHENTICATED; a valid token without the
 * scope — a customer's, or another service's — is PERMISSION_DENIED. The customer a call is made for travels beside
 * it ({@link OnBehalfOf}). Unexpected failures are logged and answered {@code INTERNAL}. The standard health service
 * stays open, like {@code /actuator/health}.
 */
@AutoConfiguration(after = ServletResourceServerAutoConfiguration.class,
        afterName = "org.springframework.boot.grpc.server.autoconfigure.security.GrpcSecurityAutoConfiguration")
@ConditionalOnClass({GrpcSecurity.class, BindableService.class, JwtDecoder.class})
@ConditionalOnBean({BindableService.class, JwtDecoder.class, TokenSignatures.class})
public class GrpcServerDefaultsAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GrpcServerDefaultsAutoConfiguration.class);

    @Bean
    @GlobalServerInterceptor
    AuthenticationProcessInterceptor grpcResourceServer(GrpcSecurity grpc, ResourceServerProperties security,
            TokenSignatures signatures, Environment environment) throws Exception {
        String service = environment.getRequiredProperty("spring.application.name");
        // the same keys as the public API's decoder; other claims
        JwtDecoder callers = signatures.decoder(EmporiumJwtValidators.forInternalCalls(security));
        return grpc.authorizeRequests(calls -> {
                    calls.methods("grpc.health.v1.Health/*").permitAll();
                    for (String entry : security.internalCalls()) {
                        String[] methodAndScope = entry.trim().split("\\s+");
                        if (methodAndScope.length != 2) {
                            throw new IllegalArgumentException("emporium.security.internal-calls: expected "
                                    + "'package.Service/Method scope', got '" + entry + "'");
                        }
                        calls.methods(methodAndScope[0]).hasAuthority(SCOPE + methodAndScope[1]);
                    }
                    calls.allRequests().denyAll();
                })
                .oauth2ResourceServer(server -> server.jwt(jwt -> jwt.decoder(callers)
                        .jwtAuthenticationConverter(scopesAddressedTo(service))))
                .build();
    }

    /** The caller's customer, verified as the public API verifies it. */
    @Bean
    @GlobalServerInterceptor
    OnBehalfOf grpcOnBehalfOf(JwtDecoder customers) {
        return new OnBehalfOf(customers);
    }

    static final String SCOPE = "SCOPE_";

    /**
     * The token's scopes as {@code SCOPE_*} authorities, only when it is addressed to {@code service}: a token for
     * another service grants nothing here whatever its scopes.
     */
    static Converter<Jwt, AbstractAuthenticationToken> scopesAddressedTo(String service) {
        JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter(); // "scope"/"scp", SCOPE_ prefix
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(jwt -> jwt.getAudience() != null && jwt.getAudience().contains(service)
                ? scopes.convert(jwt) : List.of());
        return converter;
    }

    /**
     * Anything a gRPC method throws that no other handler maps is the service's fault: logged here (Spring gRPC's own
     * fallback logs it at DEBUG only) and answered INTERNAL without details. A method refuses a bad request itself,
     * with {@code INVALID_ARGUMENT} on its response observer.
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    GrpcExceptionHandler unexpectedFailures() {
        return failure -> {
            if (failure instanceof AuthenticationException || failure instanceof AccessDeniedException
                    || failure instanceof StatusRuntimeException || failure instanceof StatusException) {
                return null; // Spring gRPC's security handler and its fallback map these to their own status
            }
            log.error("A gRPC call failed", failure);
            return Status.INTERNAL.withDescription("The service failed; nothing was done.").asException();
        };
    }
}
