package dev.emporium.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/** Like {@link RequiresPostgres}, for {@code EMPORIUM_TEST_REDIS_URL}. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(InfrastructureCondition.Redis.class)
public @interface RequiresRedis {
}
