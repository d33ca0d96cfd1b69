package dev.sluice.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link ArchitectureRules} against Sluice's production classes: the module jars on this
 * module's test class path, without any test classes (so without the bad fixtures next to this test).
 */
class ArchitectureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.sluice");
    }

    /** Guards against a rule passing only because the import silently found nothing. */
    @Test
    void importContainsTheCoreModulesAndNoTestClasses() {
        Set<String> packages = production.stream()
                .map(JavaClass::getPackageName)
                .collect(Collectors.toCollection(TreeSet::new));
        for (String module : new String[] {"dev.sluice.ports", "dev.sluice.domain", "dev.sluice.engine"}) {
            assertTrue(hasTypesIn(module), () -> "no production class imported from " + module + "; found " + packages);
        }
        assertFalse(production.containPackage("dev.sluice.architecture"), "test classes were imported");
        assertFalse(packages.stream().anyMatch(p -> p.contains("badfixture") || p.contains(".cycle")),
                () -> "bad fixtures were imported: " + packages);
    }

    @Test
    void coreMustNotUseTechnology() {
        check(ArchitectureRules.CORE_MUST_NOT_USE_TECHNOLOGY);
    }

    @Test
    void domainDependsOnlyOnJdkAndPorts() {
        check(ArchitectureRules.DOMAIN_DEPENDS_ONLY_ON_JDK_AND_PORTS);
    }

    @Test
    void domainRunsNothing() {
        check(ArchitectureRules.DOMAIN_RUNS_NOTHING);
    }

    @Test
    void engineDependsOnlyOnJdkDomainAndPorts() {
        check(ArchitectureRules.ENGINE_DEPENDS_ONLY_ON_JDK_DOMAIN_AND_PORTS);
    }

    @Test
    void adaptersMustNotDependOnEngine() {
        check(ArchitectureRules.ADAPTERS_MUST_NOT_DEPEND_ON_ENGINE);
    }

    @Test
    void inPortsOwnTheirTypes() {
        check(ArchitectureRules.IN_PORTS_OWN_THEIR_TYPES);
    }

    @Test
    void httpControllersUseOnlyInPorts() {
        check(ArchitectureRules.HTTP_CONTROLLERS_USE_ONLY_IN_PORTS);
    }

    @Test
    void everyEndpointDeclaresItsAccess() {
        check(ArchitectureRules.EVERY_ENDPOINT_DECLARES_ITS_ACCESS);
    }

    @Test
    void portsDependOnlyOnJdk() {
        check(ArchitectureRules.PORTS_DEPEND_ONLY_ON_JDK);
    }

    @Test
    void portsMustNotDependOnDomain() {
        check(ArchitectureRules.PORTS_MUST_NOT_DEPEND_ON_DOMAIN);
    }

    @Test
    void adaptersMustNotDependOnDomain() {
        check(ArchitectureRules.ADAPTERS_MUST_NOT_DEPEND_ON_DOMAIN);
    }

    @Test
    void adaptersMustNotDependOnEachOther() {
        check(ArchitectureRules.ADAPTERS_MUST_NOT_DEPEND_ON_EACH_OTHER);
    }

    @Test
    void packagesAreFreeOfCycles() {
        check(ArchitectureRules.NO_PACKAGE_CYCLES);
    }

    @Test
    void onlyAppDependsOnApp() {
        check(ArchitectureRules.ONLY_APP_DEPENDS_ON_APP);
    }

    private static void check(ArchRule rule) {
        rule.check(production);
    }

    /** True if a real type (not only a {@code package-info}) was imported from the package or below. */
    private static boolean hasTypesIn(String rootPackage) {
        return production.stream()
                .filter(c -> c.getPackageName().equals(rootPackage) || c.getPackageName().startsWith(rootPackage + "."))
                .anyMatch(c -> !c.getSimpleName().equals("package-info"));
    }
}
