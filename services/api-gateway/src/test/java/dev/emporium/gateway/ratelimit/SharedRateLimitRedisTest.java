package dev.emporium.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.emporium.testsupport.RequiresRedis;
import dev.emporium.testsupport.TestInfrastructure;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateway instances on one Redis share each caller's bucket: together they let through exactly the
 * capacity, not twice as much. Keys carry a unique prefix and are deleted afterwards.
 */
@RequiresRedis
class SharedRateLimitRedisTest {

    private final String prefix = "emporium-test:" + UUID.randomUUID() + ":";

    @Test
    void twoInstancesShareOneLimit() throws Exception {
        RateLimitProperties properties = new RateLimitProperties(true, TestInfrastructure.redisUrl().orElseThrow(), prefix,
                new RateLimitProperties.Limit(null, 5, Duration.ofMinutes(1)), Map.of());
        RateLimitConfiguration configuration = new RateLimitConfiguration();
        try (RateLimitConfiguration.BucketStore first = configuration.bucketStore(properties);
             RateLimitConfiguration.BucketStore second = configuration.bucketStore(properties)) {
            assertThat(first.kind()).isEqualTo("redis");
            int allowed = 0;
            for (int i = 0; i < 10; i++) {
                RateLimitConfiguration.BucketStore instance = i % 2 == 0 ? first : second;
                boolean consumed = instance.buckets().builder()
                        .build(prefix + "api:ip:203.0.113.7", () -> java.util.concurrent.CompletableFuture.completedFuture(
                                io.github.bucket4j.BucketConfiguration.builder().addLimit(io.github.bucket4j.Bandwidth.builder()
                                        .capacity(5).refillGreedy(5, Duration.ofMinutes(1)).build()).build()))
                        .tryConsume(1).get();
                allowed += consumed ? 1 : 0;
            }
            assertThat(allowed).isEqualTo(5);
        }
    }

    @AfterEach
    void deleteKeys() {
        RedisClient client = RedisClient.create(TestInfrastructure.redisUrl().orElseThrow());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            var keys = connection.sync().keys(prefix + "*");
            if (!keys.isEmpty()) {
                connection.sync().del(keys.toArray(String[]::new));
            }
            assertThat(connection.sync().keys(prefix + "*")).isEmpty();
        } finally {
            client.shutdown();
        }
    }
}
