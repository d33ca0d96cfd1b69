package dev.sluice.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.sluice.app.badfixture.AppWiring;
import dev.sluice.domain.badfixture.DomainOpeningSockets;
import dev.sluice.domain.badfixture.DomainRunningThreads;
import dev.sluice.domain.badfixture.DomainUsingJackson;
import dev.sluice.domain.badfixture.DomainWaitingOnAFuture;
import dev.sluice.domain.cyclea.A;
import dev.sluice.domain.cycleb.B;
import dev.sluice.engine.badfixture.EngineUsingJackson;
import dev.sluice.http.commerce.badfixture.ControllerUsingAnOutPort;
import dev.sluice.http.badfixture.EndpointWithoutAccess;
import dev.sluice.http.badfixture.HttpAdapterUsingApp;
import dev.sluice.http.badfixture.HttpAdapterUsingEngine;
import dev.sluice.http.badfixture.HttpAdapterUsingKafkaAdapter;
import dev.sluice.kafka.badfixture.KafkaAdapterUsingDomain;
import dev.sluice.ports.badfixture.PortUsingDomain;
import dev.sluice.ports.badfixture.PortUsingMicronaut;
import dev.sluice.ports.in.badfixture.InPortHandingOutAnOutPortType;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves that every rule in {@link ArchitectureRules} can fail: each is evaluated against the
 * deliberately bad fixtures (and only them) and must report exactly the offending classes, no more
 * and no fewer. {@link AppWiring} depends on the domain and an adapter, which is legal for the app,
 * so it must never be reported.
 */
class ArchitectureRulesFailOnBadFixturesTest {

    private static JavaClasses fixtures;

    @BeforeAll
    static void importFixturesOnly() {
        fixtures = new ClassFileImporter().importClasses(
                DomainUsingJackson.class, A.class, B.class,
                DomainRunningThreads.class, DomainWaitingOnAFuture.class, DomainOpeningSockets.class,
                EngineUsingJackson.class,
                PortUsingMicronaut.class, PortUsingDomain.class, InPortHandingOutAnOutPortType.class,
                KafkaAdapterUsingDomain.class,
                HttpAdapterUsingKafkaAdapter.class, HttpAdapterUsingApp.class, HttpAdapterUsingEngine.class,
                ControllerUsingAnOutPort.class, EndpointWithoutAccess.class,
                AppWiring.class);
    }

    @Test
    void coreMustNotUseTechnology() {
        assertViolatedExactlyBy(ArchitectureRules.CORE_MUST_NOT_USE_TECHNOLOGY,
                DomainUsingJackson.class, PortUsingMicronaut.class);
    }

    @Test
    void domainDependsOnlyOnJdkAndPorts() {
        assertViolatedExactlyBy(ArchitectureRules.DOMAIN_DEPENDS_ONLY_ON_JDK_AND_PORTS, DomainUsingJackson.class);
    }

    @Test
    void domainRunsNothing() {
        assertViolatedExactlyBy(ArchitectureRules.DOMAIN_RUNS_NOTHING,
                DomainRunningThreads.class, DomainWaitingOnAFuture.class, DomainOpeningSockets.class);
    }

    @Test
    void engineDependsOnlyOnJdkDomainAndPorts() {
        assertViolatedExactlyBy(ArchitectureRules.ENGINE_DEPENDS_ONLY_ON_JDK_DOMAIN_AND_PORTS, EngineUsingJackson.class);
    }

    @Test
    void adaptersMustNotDependOnEngine() {
        assertViolatedExactlyBy(ArchitectureRules.ADAPTERS_MUST_NOT_DEPEND_ON_ENGINE, HttpAdapterUsingEngine.class);
    }

    @Test
    void inPortsOwnTheirTypes() {
        assertViolatedExactlyBy(ArchitectureRules.IN_PORTS_OWN_THEIR_TYPES, InPortHandingOutAnOutPortType.class);
    }

    @Test
    void httpControllersUseOnlyInPorts() {
        assertViolatedExactlyBy(ArchitectureRules.HTTP_CONTROLLERS_USE_ONLY_IN_PORTS, ControllerUsingAnOutPort.class);
    }

    @Test
    void everyEndpointDeclaresItsAccess() {
        assertViolatedExactlyBy(ArchitectureRules.EVERY_ENDPOINT_DECLARES_ITS_ACCESS, EndpointWithoutAccess.class);
    }

    @Test
    void portsDependOnlyOnJdk() {
        assertViolatedExactlyBy(ArchitectureRules.PORTS_DEPEND_ONLY_ON_JDK,
                PortUsingMicronaut.class, PortUsingDomain.class);
    }

    @Test
    void portsMustNotDependOnDomain() {
        assertViolatedExactlyBy(ArchitectureRules.PORTS_MUST_NOT_DEPEND_ON_DOMAIN, PortUsingDomain.class);
    }

    @Test
    void adaptersMustNotDependOnDomain() {
        assertViolatedExactlyBy(ArchitectureRules.ADAPTERS_MUST_NOT_DEPEND_ON_DOMAIN, KafkaAdapterUsingDomain.class);
    }

    @Test
    void adaptersMustNotDependOnEachOther() {
        assertViolatedExactlyBy(ArchitectureRules.ADAPTERS_MUST_NOT_DEPEND_ON_EACH_OTHER,
                HttpAdapterUsingKafkaAdapter.class);
    }

    @Test
    void packagesAreFreeOfCycles() {
        assertViolatedExactlyBy(ArchitectureRules.NO_PACKAGE_CYCLES, A.class, B.class);
    }

    @Test
    void onlyAppDependsOnApp() {
        assertViolatedExactlyBy(ArchitectureRules.ONLY_APP_DEPENDS_ON_APP, HttpAdapterUsingApp.class);
    }

    /** {@code archunit.properties} sets {@code failOnEmptyShould}: a rule that selects nothing fails. */
    @Test
    void ruleThatSelectsNoClassFails() {
        JavaClasses onlyTheApp = new ClassFileImporter().importClasses(AppWiring.class);

        AssertionError error = assertThrows(AssertionError.class,
                () -> ArchitectureRules.PORTS_MUST_NOT_DEPEND_ON_DOMAIN.check(onlyTheApp));
        assertTrue(error.getMessage().contains("failed to check any classes"), error::getMessage);
    }

    /**
     * The rule must be violated, the classes whose dependencies violate it must be exactly
     * {@code offenders}, and the failure report (what a developer reads) must name each of them.
     */
    private static void assertViolatedExactlyBy(ArchRule rule, Class<?>... offenders) {
        EvaluationResult result = rule.evaluate(fixtures);
        String report = result.getFailureReport().toString();

        assertTrue(result.hasViolation(), () -> "expected a violation of: " + rule.getDescription());
        Set<String> expected = Arrays.stream(offenders).map(Class::getName).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, violatingClasses(result), () -> "wrong offenders in:\n" + report);
        for (Class<?> offender : offenders) {
            assertTrue(report.contains(offender.getName()), () -> offender.getName() + " not named in:\n" + report);
        }
    }

    /** The origin classes of all dependencies and calls that violate the rule. */
    private static Set<String> violatingClasses(EvaluationResult result) {
        Set<String> origins = new TreeSet<>();
        result.handleViolations((Collection<Dependency> dependencies, String message) ->
                dependencies.forEach(dependency -> origins.add(dependency.getOriginClass().getName())));
        result.handleViolations((Collection<JavaAccess<?>> accesses, String message) ->
                accesses.forEach(access -> origins.add(access.getOriginOwner().getName())));
        result.handleViolations((Collection<com.tngtech.archunit.core.domain.JavaMethod> methods, String message) ->
                methods.forEach(method -> origins.add(method.getOwner().getName())));
        return origins;
    }
}
