package dev.emporium.platform.defaults.identity;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClient;
import org.springframework.cloud.client.loadbalancer.LoadBalancerInterceptor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;

/**
 * A service with client credentials ({@code emporium.identity.client-secret}) gets {@link ServiceTokens}: its own
 * short-lived tokens from user-service's token endpoint, found through discovery like every other call.
 */
@AutoConfiguration
@ConditionalOnClass(OAuth2AccessTokenResponseClient.class)
@Conditional(ServiceIdentityAutoConfiguration.HasClientSecret.class)
@EnableConfigurationProperties(ServiceIdentityProperties.class)
public class ServiceIdentityAutoConfiguration {

    @Bean
    ServiceTokens serviceTokens(ServiceIdentityProperties identity, ObjectProvider<LoadBalancerClient> loadBalancer) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(Duration.ofSeconds(2));
        requests.setReadTimeout(Duration.ofSeconds(3));
        RestClient.Builder http = RestClient.builder().requestFactory(requests)
                .configureMessageConverters(converters -> converters.addCustomConverter(new FormHttpMessageConverter())
                        .addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter()))
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler());
        if (identity.throughDiscovery()) {
            http.requestInterceptor(new LoadBalancerInterceptor(loadBalancer.getObject()));
        }
        RestClientClientCredentialsTokenResponseClient endpoint = new RestClientClientCredentialsTokenResponseClient();
        endpoint.setRestClient(http.build());
        ClientRegistration registration = ClientRegistration.withRegistrationId("emporium")
                .clientId(identity.clientId())
                .clientSecret(identity.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scope(identity.scopes())
                .tokenUri(identity.tokenHttpUrl())
                .build();
        return new ServiceTokens(registration, endpoint, identity.refreshAhead(), Clock.systemUTC());
    }

    /** Only a service given a secret has an identity; the others call nothing that needs one. */
    static class HasClientSecret extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty("emporium.identity.client-secret"))
                    ? ConditionOutcome.match("emporium.identity.client-secret is set")
                    : ConditionOutcome.noMatch("no emporium.identity.client-secret");
        }
    }
}
