package dev.emporium.testsupport;

import java.util.Optional;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Skip loudly locally, fail in CI: the policy behind {@link RequiresPostgres} and {@link RequiresRedis}. */
abstract class InfrastructureCondition implements ExecutionCondition {

    private final String variable;
    private final String what;
    private final Supplier<Optional<String>> setting;

    InfrastructureCondition(String variable, String what, Supplier<Optional<String>> setting) {
        this.variable = variable;
        this.what = what;
        this.setting = setting;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (setting.get().isPresent()) {
            return ConditionEvaluationResult.enabled(variable + " is set");
        }
        if (TestInfrastructure.inCi()) {
            throw new IllegalStateException("CI=true but " + variable + " is not set: " + what
                    + " tests must run in CI (" + context.getDisplayName() + ")");
        }
        System.err.println(TestInfrastructure.skipBanner(variable, what) + "\n!!! class: " + context.getDisplayName());
        return ConditionEvaluationResult.disabled(variable + " is not set: skipping " + what + " tests");
    }

    static final class Postgres extends InfrastructureCondition {
        Postgres() {
            super(TestInfrastructure.POSTGRES_URL, "PostgreSQL", TestInfrastructure::postgresUrl);
        }
    }

    static final class Redis extends InfrastructureCondition {
        Redis() {
            super(TestInfrastructure.REDIS_URL, "Redis", TestInfrastructure::redisUrl);
        }
    }
}
