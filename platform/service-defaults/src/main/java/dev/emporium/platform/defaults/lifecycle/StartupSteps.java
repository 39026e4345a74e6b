package dev.emporium.platform.defaults.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline.TimelineEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.metrics.StartupStep;

/**
 * Where a service's start-up goes, bean by bean: with {@code EMPORIUM_STARTUP_STEPS_DIR} set, Spring's own start-up
 * steps are recorded ({@link BufferingApplicationStartup}) and, once the application is ready, written to
 * {@code <dir>/<application>-<pid>.txt}: each phase, then the time each bean took itself (its creation minus the
 * beans it made create), summed per configuration class that declares it — which auto-configuration a service pays
 * for. Off by default (it costs memory and a little time); {@code tests/bench/startup-steps.sh} uses it.
 *
 * <p>A diagnostic, not a metric: the times are wall-clock, so they mean what they say only for a process starting on
 * a quiet machine (the script restarts one service once the rest of the platform is up).
 */
public final class StartupSteps implements EnvironmentPostProcessor {

    static final String DIR = "EMPORIUM_STARTUP_STEPS_DIR";
    private static final int CAPACITY = 40_000;
    private static final int SHOWN = 40;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String dir = environment.getProperty(DIR);
        if (dir == null || dir.isBlank()) {
            return;
        }
        BufferingApplicationStartup startup = new BufferingApplicationStartup(CAPACITY);
        application.setApplicationStartup(startup);
        application.addListeners((ApplicationListener<ApplicationEvent>) event -> {
            if (!(event instanceof ApplicationReadyEvent ready) || ready.getSpringApplication() != application) {
                return;
            }
            String name = ready.getApplicationContext().getEnvironment().getProperty("spring.application.name", "application");
            Path file = Path.of(dir).resolve(name + "-" + ProcessHandle.current().pid() + ".txt");
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, report(name, startup.getBufferedTimeline().getEvents(),
                        ready.getApplicationContext().getBeanFactory(), ready.getTimeTaken()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** One recorded step, its own time being its duration minus that of the steps it contains. */
    private record Step(long id, Long parent, String name, String bean, long nanos) {
    }

    static String report(String application, List<TimelineEvent> events, ConfigurableListableBeanFactory beans,
            Duration readyIn) {
        Map<Long, Step> steps = new HashMap<>();
        Map<Long, Long> childNanos = new HashMap<>();
        for (TimelineEvent event : events) {
            StartupStep step = event.getStartupStep();
            String bean = null;
            for (StartupStep.Tag tag : step.getTags()) {
                if (tag.getKey().equals("beanName")) {
                    bean = tag.getValue();
                }
            }
            Step s = new Step(step.getId(), step.getParentId(), step.getName(), bean, event.getDuration().toNanos());
            steps.put(s.id(), s);
            if (s.parent() != null) {
                childNanos.merge(s.parent(), s.nanos(), Long::sum);
            }
        }
        Map<String, long[]> phases = new HashMap<>();
        Map<String, long[]> byBean = new HashMap<>();
        Map<String, long[]> byDeclarer = new HashMap<>();
        long beanSelf = 0;
        for (Step s : steps.values()) {
            long self = Math.max(0, s.nanos() - childNanos.getOrDefault(s.id(), 0L));
            add(phases, s.name(), self);
            if (s.bean() != null && s.name().equals("spring.beans.instantiate")) {
                beanSelf += self;
                add(byBean, s.bean(), self);
                add(byDeclarer, declarer(beans, s.bean()), self);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("%s (pid %d): ready in %d ms; %d steps recorded; JVM up %d ms, its CPU %d ms%n".formatted(application,
                ProcessHandle.current().pid(), readyIn.toMillis(), steps.size(),
                ManagementFactory.getRuntimeMXBean().getUptime(), processCpuMillis()));
        out.append("%nown time per kind of step (ms, count)%n".formatted());
        table(out, phases);
        out.append("%nown time per bean, summed by the class that declares it (ms, beans): %d ms in all%n"
                .formatted(beanSelf / 1_000_000));
        table(out, byDeclarer);
        out.append("%nown time per bean (ms, count)%n".formatted());
        table(out, byBean);
        return out.toString();
    }

    private static void add(Map<String, long[]> totals, String key, long nanos) {
        long[] total = totals.computeIfAbsent(key, k -> new long[2]);
        total[0] += nanos;
        total[1]++;
    }

    private static void table(StringBuilder out, Map<String, long[]> totals) {
        List<Map.Entry<String, long[]>> rows = new ArrayList<>(totals.entrySet());
        rows.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[0]).reversed());
        for (Map.Entry<String, long[]> row : rows.subList(0, Math.min(SHOWN, rows.size()))) {
            out.append("%8d  %5d  %s%n".formatted(row.getValue()[0] / 1_000_000, row.getValue()[1], row.getKey()));
        }
    }

    /** The configuration class whose {@code @Bean} method made the bean, or the bean's own class for a component. */
    private static String declarer(ConfigurableListableBeanFactory beans, String bean) {
        if (!beans.containsBeanDefinition(bean)) {
            return "(no definition) " + bean;
        }
        BeanDefinition definition = beans.getBeanDefinition(bean);
        String factory = definition.getFactoryBeanName();
        if (factory != null && beans.containsBeanDefinition(factory)) {
            String declaring = beans.getBeanDefinition(factory).getBeanClassName();
            return declaring != null ? declaring : factory;
        }
        return definition.getBeanClassName() != null ? definition.getBeanClassName() : bean;
    }

    private static long processCpuMillis() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() / 1_000_000 : -1;
    }
}
