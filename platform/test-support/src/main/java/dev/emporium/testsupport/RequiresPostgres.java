package dev.emporium.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class only when {@code EMPORIUM_TEST_POSTGRES_URL} is set; skips it with a loud
 * banner otherwise, except in CI where the missing server fails the class.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(InfrastructureCondition.Postgres.class)
public @interface RequiresPostgres {
}
