package dev.emporium.deploy;

import static dev.emporium.deploy.Kustomize.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** .github/workflows: one per service, triggered by that service and everything it is built from. */
class WorkflowsTest {

    private static final Path WORKFLOWS = Repo.ROOT.resolve(".github/workflows");

    @Test
    void everyServiceHasAWorkflowTriggeredByWhatItIsBuiltFrom() throws Exception {
        List<String> contracts;
        try (Stream<Path> dirs = Files.list(Repo.ROOT.resolve("contracts"))) {
            contracts = dirs.map(d -> d.getFileName().toString()).toList();
        }
        for (String service : Repo.allServices()) {
            Path file = WORKFLOWS.resolve(service + ".yml");
            assertThat(file).as(service + "'s workflow").isRegularFile();
            Map<String, Object> workflow = Kustomize.parse(Files.readString(file)).getFirst();
            Map<String, Object> on = map(workflow.containsKey("on") ? workflow.get("on") : workflow.get(Boolean.TRUE));
            @SuppressWarnings("unchecked")
            List<String> paths = (List<String>) map(on.get("push")).get("paths");
            assertThat(map(on.get("pull_request")).get("paths")).as(service).isEqualTo(paths);
            assertThat(paths).as(service).contains("services/" + service + "/**", "pom.xml");
            String pom = Repo.pom(service);
            if (Repo.usesServiceDefaults(service)) {
                // not card-processor: a stand-in for an external provider is not built from the service defaults
                assertThat(paths).as(service).contains("platform/service-defaults/**");
            }
            for (String contract : contracts) {
                if (pom.contains("<artifactId>" + contract + "</artifactId>")) {
                    assertThat(paths).as(service + " uses " + contract).contains("contracts/" + contract + "/**");
                }
            }
            String text = Files.readString(file);
            assertThat(text).as(service).contains("./mvnw -B -pl services/" + service + " -am verify")
                    .contains("-Dimage.goal=build");
        }
        assertThat(Files.readString(WORKFLOWS.resolve("platform.yml"))).contains("./mvnw -B verify");
    }
}
