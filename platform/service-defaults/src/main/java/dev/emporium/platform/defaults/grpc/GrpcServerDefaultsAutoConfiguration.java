package dev.emporium.platform.defaults.grpc;

import dev.emporium.platform.defaults.security.ServletResourceServerAutoConfiguration;
import io.grpc.BindableService;
import io.grpc.Status;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The gRPC side of a service that serves gRPC (Spring gRPC's own Netty server, {@code spring.grpc.server.port}): the
 * same resource-server rules as its HTTP side — every call needs a valid access token in the {@code authorization}
 * metadata, verified by the service's {@link JwtDecoder} (RS256, user-service's keys, cached through an outage), with
 * the {@code roles} claim as authorities — and bad arguments answered {@code INVALID_ARGUMENT}. The standard health
 * service stays open, like {@code /actuator/health}.
 */
@AutoConfiguration(after = ServletResourceServerAutoConfiguration.class,
        afterName = "org.springframework.boot.grpc.server.autoconfigure.security.GrpcSecurityAutoConfiguration")
@ConditionalOnClass({GrpcSecurity.class, BindableService.class, JwtDecoder.class})
@ConditionalOnBean({BindableService.class, JwtDecoder.class})
public class GrpcServerDefaultsAutoConfiguration {

    @Bean
    @GlobalServerInterceptor
    AuthenticationProcessInterceptor grpcResourceServer(GrpcSecurity grpc, JwtDecoder decoder) throws Exception {
        return grpc.authorizeRequests(calls -> calls.methods("grpc.health.v1.Health/*").permitAll()
                        .allRequests().authenticated())
                .oauth2ResourceServer(server -> server.jwt(jwt -> jwt.decoder(decoder)
                        .jwtAuthenticationConverter(ServletResourceServerAutoConfiguration.rolesConverter())))
                .build();
    }

    /** A refused argument is the caller's mistake, not the service's: INVALID_ARGUMENT, never UNKNOWN. */
    @Bean
    GrpcExceptionHandler invalidArguments() {
        return failure -> failure instanceof IllegalArgumentException
                ? Status.INVALID_ARGUMENT.withDescription(failure.getMessage()).asException()
                : null;
    }
}
