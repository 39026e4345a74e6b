package dev.emporium.platform.defaults.grpc;

import dev.emporium.platform.defaults.security.ServletResourceServerAutoConfiguration;
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
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The gRPC side of a service that serves gRPC (Spring gRPC's own Netty server, {@code spring.grpc.server.port}): the
 * same resource-server rules as its HTTP side — every call needs a valid access token in the {@code authorization}
 * metadata, verified by the service's {@link JwtDecoder} (RS256, user-service's keys, cached through an outage), with
 * the {@code roles} claim as authorities — and unexpected failures logged and answered {@code INTERNAL}. The
 * standard health service stays open, like {@code /actuator/health}.
 */
@AutoConfiguration(after = ServletResourceServerAutoConfiguration.class,
        afterName = "org.springframework.boot.grpc.server.autoconfigure.security.GrpcSecurityAutoConfiguration")
@ConditionalOnClass({GrpcSecurity.class, BindableService.class, JwtDecoder.class})
@ConditionalOnBean({BindableService.class, JwtDecoder.class})
public class GrpcServerDefaultsAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GrpcServerDefaultsAutoConfiguration.class);

    @Bean
    @GlobalServerInterceptor
    AuthenticationProcessInterceptor grpcResourceServer(GrpcSecurity grpc, JwtDecoder decoder) throws Exception {
        return grpc.authorizeRequests(calls -> calls.methods("grpc.health.v1.Health/*").permitAll()
                        .allRequests().authenticated())
                .oauth2ResourceServer(server -> server.jwt(jwt -> jwt.decoder(decoder)
                        .jwtAuthenticationConverter(ServletResourceServerAutoConfiguration.rolesConverter())))
                .build();
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
