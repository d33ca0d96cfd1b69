package dev.sluice.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.Slice;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Future;

/**
 * The dependency arrows of Sluice's hexagon, as ArchUnit rules.
 *
 * <pre>
 *   domain   →  ports  →  JDK              (the domain decides; it runs no threads and does no I/O)
 *   engine   →  domain + ports + JDK       (runs the use cases: threads, waits, loops)
 *   adapters →  ports + their technology   (never the domain or the engine, never another adapter)
 *   app      →  everything                 (and nothing depends on the app)
 * </pre>
 *
 * <p>Inside the ports, the in-ports (what drives Sluice: {@code ports.in}) own their types: they see
 * the shared event vocabulary ({@code ports.event}) but not the out-ports or the plugin SPI.
 *
 * <p>Every rule selects the adapters as one group rather than one rule per adapter, so that a new
 * adapter module that holds only a {@code package-info} at first does not fail a per-adapter rule
 * ({@code archRule.failOnEmptyShould=true}).
 */
public final class ArchitectureRules {

    static final String PORTS = "dev.sluice.ports..";
    static final String DOMAIN = "dev.sluice.domain..";
    static final String APP = "dev.sluice.app..";
    static final String ENGINE = "dev.sluice.engine..";
    static final String IN_PORTS = "dev.sluice.ports.in..";
    static final String EVENT_VOCABULARY = "dev.sluice.ports.event..";
    static final String OUT_PORTS = "dev.sluice.ports.out..";
    static final String PLUGIN_SPI = "dev.sluice.ports.spi..";

    /**
     * The HTTP adapter's driving side: its controllers and their problem mapping. Not among them:
     * {@code dev.sluice.http.webhook}, the webhook and SSE sinks, which are plugins (driven, through the SPI).
     */
    static final String[] HTTP_CONTROLLERS = {"dev.sluice.http", "dev.sluice.http.commerce..", "dev.sluice.http.problem.."};

    /**
     * Slice names of the adapters: the package segment after {@code dev.sluice}. Not among them:
     * {@code dev.sluice.cloudevents}, the envelope-to-CloudEvent codec that the adapters carrying
     * CloudEvents share (a library on the ports, like the CloudEvents SDK it wraps).
     */
    static final Set<String> ADAPTER_NAMES = Set.of("transform", "kafka", "amqp", "redis", "http", "smtp", "cdc");

    /** The adapters' package patterns, {@code dev.sluice.<name>..}. */
    static final String[] ADAPTERS = ADAPTER_NAMES.stream().map(name -> "dev.sluice." + name + "..").toArray(String[]::new);

    /** Frameworks and technology that belong in adapters or the app, never in the core. */
    static final String[] TECHNOLOGY = {
        "io.micronaut..", "jakarta.inject..",
        "org.apache.kafka..", "kafka..",
        "io.netty..", "io.lettuce..", "com.rabbitmq..",
        "com.fasterxml.jackson..", "reactor..", "org.slf4j..", "io.cloudevents..", "jakarta.mail..",
        "com.github.mustachejava..", "org.apache.qpid..", "org.apache.hc..",
    };

    /**
     * Named deny-list: the core (domain and ports) uses no framework, broker client, JSON library
     * or logging facade. Redundant with the two allow-list rules below, but its failure message names
     * the forbidden technology, which makes a violation obvious at a glance.
     */
    public static final ArchRule CORE_MUST_NOT_USE_TECHNOLOGY = noClasses()
            .that().resideInAnyPackage(DOMAIN, PORTS)
            .should().dependOnClassesThat().resideInAnyPackage(TECHNOLOGY)
            .as("domain and ports must not depend on frameworks or broker clients")
            .because("the core is plain Java; technology lives in the adapters and the app");

    /** Allow-list: the domain sees the JDK, the ports and itself; nothing else. */
    public static final ArchRule DOMAIN_DEPENDS_ONLY_ON_JDK_AND_PORTS = classes()
            .that().resideInAPackage(DOMAIN)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", PORTS, DOMAIN)
            .as("the domain may depend only on the JDK, the ports and itself")
            .because("domain → ports → JDK: business rules must not know how they are wired or transported");

    /** Allow-list: the ports are pure contracts, written against the JDK only. */
    public static final ArchRule PORTS_DEPEND_ONLY_ON_JDK = classes()
            .that().resideInAPackage(PORTS)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", PORTS)
            .as("the ports may depend only on the JDK and themselves")
            .because("the ports are the contracts both sides implement; they must be the most stable module");

    /**
     * The domain decides and the engine runs: no thread, executor or blocking wait on a future, no
     * socket or channel in domain code. A rule that needs to wait or to loop over a consumer is a
     * use case of the engine.
     */
    public static final ArchRule DOMAIN_RUNS_NOTHING = noClasses()
            .that().resideInAPackage(DOMAIN)
            .should().dependOnClassesThat(areRuntimeMachinery())
            .orShould().callMethodWhere(waitsForAFuture())
            .as("the domain must not start threads, use executors, wait on futures or do network I/O")
            .because("rules and decisions stay in the domain; whatever runs, waits or loops belongs in the engine");

    /** Allow-list: the engine runs the domain's use cases over the ports, and knows no technology. */
    public static final ArchRule ENGINE_DEPENDS_ONLY_ON_JDK_DOMAIN_AND_PORTS = classes()
            .that().resideInAPackage(ENGINE)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", PORTS, DOMAIN, ENGINE)
            .as("the engine may depend only on the JDK, the ports, the domain and itself")
            .because("engine → domain + ports: the adapters reach it through the ports, wired by the app");

    /** Adapters implement and call ports; the engine behind the in-ports is not theirs to see. */
    public static final ArchRule ADAPTERS_MUST_NOT_DEPEND_ON_ENGINE = noClasses()
            .that().resideInAnyPackage(ADAPTERS)
            .should().dependOnClassesThat().resideInAPackage(ENGINE)
            .as("adapters must not depend on the engine")
            .because("an adapter that knew the engine could bypass the ports; only the app wires the engine");

    /**
     * An in-port speaks its own language: its methods take and return in-port types and the shared
     * event vocabulary, never an out-port's or a plugin's type, so a driving adapter (HTTP) needs
     * nothing but the in-ports.
     */
    public static final ArchRule IN_PORTS_OWN_THEIR_TYPES = classes()
            .that().resideInAPackage(IN_PORTS)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", IN_PORTS, EVENT_VOCABULARY)
            .as("in-ports may depend only on the JDK, the in-ports and the event vocabulary (ports.event)")
            .because("what drives Sluice must not need the types of what Sluice drives");

    /**
     * The HTTP controllers drive Sluice through the in-ports alone (with the event vocabulary); an
     * out-port or a plugin in a controller would reach past the use case that owns it.
     */
    public static final ArchRule HTTP_CONTROLLERS_USE_ONLY_IN_PORTS = noClasses()
            .that().resideInAnyPackage(HTTP_CONTROLLERS)
            .should().dependOnClassesThat().resideInAnyPackage(OUT_PORTS, PLUGIN_SPI)
            .as("the HTTP controllers must not depend on the out-ports or the plugin SPI")
            .because("a driving adapter calls use cases (ports.in); what Sluice drives is the engine's business");

    /** The domain uses the ports; a port that knew the domain would turn the arrow around. */
    public static final ArchRule PORTS_MUST_NOT_DEPEND_ON_DOMAIN = noClasses()
            .that().resideInAPackage(PORTS)
            .should().dependOnClassesThat().resideInAPackage(DOMAIN)
            .as("the ports must not depend on the domain")
            .because("the domain depends on the ports, not the other way round");

    /** Adapters translate between a technology and the ports; business logic is reached via the ports. */
    public static final ArchRule ADAPTERS_MUST_NOT_DEPEND_ON_DOMAIN = noClasses()
            .that().resideInAnyPackage(ADAPTERS)
            .should().dependOnClassesThat().resideInAPackage(DOMAIN)
            .as("adapters must not depend on the domain")
            .because("adapters implement and call ports; only the app wires the domain to them");

    /** Each adapter is replaceable on its own; adapters meet only through the ports, wired by the app. */
    public static final ArchRule ADAPTERS_MUST_NOT_DEPEND_ON_EACH_OTHER = slices()
            .matching("dev.sluice.(*)..")
            .that(areAdapters())
            .should().notDependOnEachOther()
            .as("adapters must not depend on each other")
            .because("an adapter must be replaceable without touching another adapter");

    /**
     * No cycles between any two packages of Sluice. Every package is its own slice
     * ({@code dev.sluice.(**)}), so a cycle between sibling packages inside one module is caught too.
     */
    public static final ArchRule NO_PACKAGE_CYCLES = slices()
            .matching("dev.sluice.(**)")
            .should().beFreeOfCycles()
            .as("packages of dev.sluice must be free of cycles")
            .because("cycles make packages impossible to understand, test or split on their own");

    /** The app is the composition root: it sees everything and nothing sees it. */
    public static final ArchRule ONLY_APP_DEPENDS_ON_APP = noClasses()
            .that().resideOutsideOfPackage(APP)
            .should().dependOnClassesThat().resideInAPackage(APP)
            .as("nothing outside the app may depend on the app")
            .because("the app is the composition root; depending on it would make every module depend on all");

    /** The HTTP methods' annotations that make a method an endpoint. */
    static final String[] ENDPOINT_ANNOTATIONS = {
        "io.micronaut.http.annotation.Get", "io.micronaut.http.annotation.Post", "io.micronaut.http.annotation.Put",
        "io.micronaut.http.annotation.Delete", "io.micronaut.http.annotation.Patch",
    };

    /**
     * Secure unless told otherwise: every endpoint says who may call it, with the scope it needs
     * ({@code @RequiresScope}, on the method or its class) or Micronaut's {@code @Secured} (the few open
     * ones: docs, the access banner and login, S5's streams that check their own token). An endpoint that
     * says nothing would be refused at run time; this finds it before.
     */
    public static final ArchRule EVERY_ENDPOINT_DECLARES_ITS_ACCESS = methods()
            .that(areEndpoints())
            .should(declareAccess())
            .as("every HTTP endpoint must declare @RequiresScope or @Secured")
            .because("access control decides by what an endpoint declares; one that declares nothing is a hole or a 403");

    private static DescribedPredicate<JavaMethod> areEndpoints() {
        return new DescribedPredicate<>("are HTTP endpoints") {
            @Override
            public boolean test(JavaMethod method) {
                return Arrays.stream(ENDPOINT_ANNOTATIONS).anyMatch(method::isAnnotatedWith);
            }
        };
    }

    private static ArchCondition<JavaMethod> declareAccess() {
        String scope = "dev.sluice.http.security.RequiresScope";
        String secured = "io.micronaut.security.annotation.Secured";
        return new ArchCondition<>("declare @RequiresScope or @Secured") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                boolean declared = method.isAnnotatedWith(scope) || method.isAnnotatedWith(secured)
                        || method.getOwner().isAnnotatedWith(scope) || method.getOwner().isAnnotatedWith(secured);
                if (!declared) {
                    events.add(SimpleConditionEvent.violated(method, method.getFullName()
                            + " declares neither @RequiresScope nor @Secured"));
                }
            }
        };
    }

    private ArchitectureRules() {
    }

    /** Threads, executors, sockets and channels: what runs or does I/O. */
    private static DescribedPredicate<JavaClass> areRuntimeMachinery() {
        return DescribedPredicate.describe("are threads, executors, java.net or java.nio.channels", c ->
                c.isAssignableTo(Thread.class)
                        || c.getPackageName().equals("java.util.concurrent") && c.getSimpleName().startsWith("Executor")
                        || c.getPackageName().equals("java.net") || c.getPackageName().startsWith("java.net.")
                        || c.getPackageName().equals("java.nio.channels") || c.getPackageName().startsWith("java.nio.channels."));
    }

    /** {@code get} or {@code join} on a future: a blocking wait. */
    private static DescribedPredicate<JavaMethodCall> waitsForAFuture() {
        return DescribedPredicate.describe("waits on a future (Future.get, CompletableFuture.join)", call ->
                call.getTargetOwner().isAssignableTo(Future.class)
                        && (call.getName().equals("get") || call.getName().equals("join")));
    }

    private static DescribedPredicate<Slice> areAdapters() {
        return DescribedPredicate.describe("are adapters", slice -> ADAPTER_NAMES.contains(slice.getNamePart(1)));
    }
}
