package dev.emporium.product;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;

/** Runs product-service's own scheduled jobs now, on the test's thread, whatever they are called. */
final class ScheduledJobs {

    private ScheduledJobs() {
    }

    /** Runs every {@code @Scheduled} method declared in product-service; returns what ran. */
    static List<String> runAll(List<ScheduledTaskHolder> holders) {
        List<Runnable> ours = holders.stream().flatMap(holder -> holder.getScheduledTasks().stream())
                .map(ScheduledTask::getTask).map(task -> task.getRunnable())
                .filter(runnable -> runnable.toString().startsWith("dev.emporium.product."))
                .toList();
        assertThat(ours).as("product-service's scheduled jobs").isNotEmpty();
        ours.forEach(Runnable::run);
        return ours.stream().map(Object::toString).toList();
    }
}
