package dev.emporium.monolith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MonolithTest {

    @Test
    void hostsEveryModuleButTheExtractedOnes() {
        assertThat(Monolith.hosted("")).hasSize(7).last().extracting(Module::name).isEqualTo("api-gateway");
        assertThat(Monolith.hosted(" order-service, api-gateway ")).extracting(Module::name)
                .containsExactly("user-service", "product-service", "payment-service", "notification-service",
                        "analytics-service");
        assertThatThrownBy(() -> Monolith.hosted("card-processor")).hasMessageContaining("no module named card-processor");
        assertThatThrownBy(() -> Monolith.hosted(String.join(",", Monolith.MODULES.stream().map(Module::name).toList())))
                .hasMessageContaining("nothing left");
    }

    @Test
    void eachModuleReadsItsOwnConfigurationAmongSevenOnOneClasspath() throws IOException {
        for (Module module : Monolith.MODULES) {
            try (InputStream in = module.ownConfiguration().openStream()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .as(module.name() + "'s application.yml").contains("name: " + module.name());
            }
        }
    }

    @Test
    void variablesPrefixedWithTheServiceNameAreThatModulesAlone() {
        Module orders = Monolith.MODULES.stream().filter(m -> m.name().equals("order-service")).findFirst().orElseThrow();
        Map<String, Object> settings = orders.settings(Map.of("ORDER_SERVICE_PORT", "9083",
                "ORDER_SERVICE_SPRING_DATASOURCE_URL", "jdbc:postgresql://db/orders", "PRODUCT_SERVICE_PORT", "9082",
                "ORDER_SERVICE_", "ignored"));
        assertThat(settings).containsEntry("PORT", "9083")
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://db/orders")
                .containsEntry(ModuleAutoConfigurations.MODULE, "order-service")
                .doesNotContainKey("")
                .doesNotContainValue("9082");
        assertThat(settings.get("spring.config.location").toString()).endsWith("application.yml");
    }
}
