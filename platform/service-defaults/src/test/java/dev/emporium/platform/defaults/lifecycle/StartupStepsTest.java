package dev.emporium.platform.defaults.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class StartupStepsTest {

    @TempDir
    Path dir;

    @Configuration(proxyBeanMethods = false)
    static class App {

        @Bean
        String slowBean() throws InterruptedException {
            Thread.sleep(300); // a bean that takes 300 ms to create: what the report must show
            return "slow";
        }
    }

    @Test
    void writesWhereTheStartWentOnceReady() throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties("spring.application.name=steps-test", StartupSteps.DIR + "=" + dir).run()) {
            List<Path> reports;
            try (Stream<Path> files = Files.list(dir)) {
                reports = files.toList();
            }
            assertThat(reports).singleElement().satisfies(report -> {
                assertThat(report.getFileName().toString()).startsWith("steps-test-").endsWith(".txt");
                String text = Files.readString(report);
                assertThat(text).startsWith("steps-test (pid ").contains("spring.beans.instantiate");
                String slow = text.lines().filter(line -> line.endsWith("  slowBean")).findFirst().orElseThrow();
                assertThat(Long.parseLong(slow.trim().split("\\s+")[0])).as(slow).isBetween(300L, 5_000L);
                assertThat(text).contains(App.class.getName()); // slowBean's declaring class, in the per-class table
            });
        }
    }

    @Test
    void recordsNothingUnlessAsked() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties("spring.application.name=steps-test").run()) {
            assertThat(context.getBean("slowBean")).isEqualTo("slow");
            assertThat(dir).isEmptyDirectory();
        }
    }
}
