package dev.emporium.monolith;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.EvaluationResult;

import dev.emporium.payment.ReachesIntoOrders;

import org.junit.jupiter.api.Test;

/**
 * In one JVM every module's classes sit on one classpath, so nothing but this test stops a module from calling
 * another's internals instead of its API. A module may use its own packages, the shared contracts
 * ({@code dev.emporium.contracts}) and the platform defaults ({@code dev.emporium.platform}); nothing of another
 * module. The contracts and the platform use no module at all.
 */
class ModuleBoundariesTest {

    /** The root package of each module, as in Monolith.MODULES. */
    static final List<String> MODULE_PACKAGES = List.of("dev.emporium.user", "dev.emporium.product",
            "dev.emporium.order", "dev.emporium.payment", "dev.emporium.notification", "dev.emporium.analytics",
            "dev.emporium.gateway");

    static ArchRule moduleBoundaries() {
        List<ArchRule> rules = new ArrayList<>();
        for (String module : MODULE_PACKAGES) {
            String[] others = MODULE_PACKAGES.stream().filter(m -> !m.equals(module)).map(m -> m + "..")
                    .toArray(String[]::new);
            rules.add(noClasses().that().resideInAPackage(module + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .as(module + " uses no other module's classes (only contracts and platform)")
                    .allowEmptyShould(true)); // the offender test gives one class; the real test checks the import
        }
        String[] modules = MODULE_PACKAGES.stream().map(m -> m + "..").toArray(String[]::new);
        rules.add(noClasses().that().resideInAnyPackage("dev.emporium.contracts..", "dev.emporium.platform..")
                .should().dependOnClassesThat().resideInAnyPackage(modules)
                .as("contracts and platform defaults use no module").allowEmptyShould(true));
        return CompositeArchRule.of(rules);
    }

    @Test
    void modulesReachEachOtherOnlyThroughContracts() {
        JavaClasses production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.emporium");
        assertThat(production.stream().map(c -> c.getPackageName()))
                .as("every module's classes were imported")
                .anyMatch(p -> p.startsWith("dev.emporium.order"))
                .anyMatch(p -> p.startsWith("dev.emporium.gateway"))
                .anyMatch(p -> p.startsWith("dev.emporium.contracts"));
        moduleBoundaries().check(production);
    }

    @Test
    void aModuleCallingAnotherModulesClassFailsTheRule() {
        JavaClasses offender = new ClassFileImporter().importClasses(ReachesIntoOrders.class);
        EvaluationResult result = moduleBoundaries().evaluate(offender);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains("ReachesIntoOrders")
                && line.contains("dev.emporium.order.OrderServiceApplication"));
    }
}
