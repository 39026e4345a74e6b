package dev.emporium.gateway.ratelimit;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.caffeine.Bucket4jCaffeine;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Where the buckets live: this JVM (Caffeine), or Redis so that all gateway instances share one limit. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RateLimitConfiguration.class);

    @Bean
    BucketStore bucketStore(RateLimitProperties properties) {
        if (properties.redisUrl() != null && !properties.redisUrl().isBlank()) {
            RedisClient client = RedisClient.create(properties.redisUrl());
            StatefulRedisConnection<String, byte[]> connection =
                    client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
            AsyncProxyManager<String> buckets = Bucket4jLettuce.casBasedBuilder(connection)
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                    .build().asAsync();
            log.info("Rate limits shared through Redis");
            return new BucketStore(buckets, "redis", () -> {
                connection.close();
                client.shutdown();
            });
        }
        AsyncProxyManager<String> buckets = Bucket4jCaffeine.<String>builderFor(
                Caffeine.newBuilder().maximumSize(200_000))
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build().asAsync();
        return new BucketStore(buckets, "memory", () -> { });
    }

    /** The proxy manager and what to close with it. */
    record BucketStore(AsyncProxyManager<String> buckets, String kind, Runnable closer) implements AutoCloseable {
        @Override
        public void close() {
            closer.run();
        }
    }
}
