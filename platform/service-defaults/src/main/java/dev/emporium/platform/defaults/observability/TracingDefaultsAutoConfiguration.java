package dev.emporium.platform.defaults.observability;

import io.micrometer.context.ContextSnapshotFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

/**
 * Keeps one request one trace across threads. The outbox externalizes events on Boot's task executor
 * after the transaction commits ({@code @ApplicationModuleListener} is {@code @Async}); this decorator
 * carries the current observation over to that thread, so the Kafka producer span (and the
 * {@code traceparent} it writes) belongs to the request's trace. Boot applies a unique {@link TaskDecorator}
 * bean to its executors. The end-to-end test follows one checkout through every service as one trace.
 */
@AutoConfiguration
@ConditionalOnClass(ContextSnapshotFactory.class)
public class TracingDefaultsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(TaskDecorator.class)
    ContextPropagatingTaskDecorator contextPropagatingTaskDecorator() {
        return new ContextPropagatingTaskDecorator();
    }
}
