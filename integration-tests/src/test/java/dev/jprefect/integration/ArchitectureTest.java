package dev.jprefect.integration;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code, checked on the bytecode of every module this module sees (api, the
 * transports, server, harness): which module may know which, and the server's layers, one way down
 * (routes -> model operations -> orchestration -> storage). docs/architecture.md explains each rule.
 */
class ArchitectureTest {

    /** The packages of the api module (the root package {@code dev.jprefect} alone, without subpackages). */
    private static final String[] API = {"dev.jprefect", "dev.jprefect.client..", "dev.jprefect.settings..",
            "dev.jprefect.transport", "dev.jprefect.transport.spi..", "dev.jprefect.internal.."};

    /** Each module but api: its packages, and its internal packages. */
    private static final Map<String, String> MODULES = Map.of(
            "dev.jprefect.server..", "dev.jprefect.server.internal..",
            "dev.jprefect.transport.http..", "dev.jprefect.transport.http.internal..",
            "dev.jprefect.transport.inmemory..", "dev.jprefect.transport.inmemory.internal..",
            "dev.jprefect.transport.netty..", "dev.jprefect.transport.netty.internal..",
            "dev.jprefect.harness..", "dev.jprefect.harness.internal..",
            "dev.jprefect.cli..", "dev.jprefect.cli.internal..",
            "dev.jprefect.ui..", "dev.jprefect.ui.internal..");

    private static final String SERVER = "dev.jprefect.server.internal.";

    private static JavaClasses classes;

    @BeforeAll
    static void importAllModules() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.jprefect");
    }

    @Test
    void apiKnowsNoOtherModule() {
        List<String> others = new ArrayList<>(MODULES.keySet());
        others.add("dev.jprefect.transport.tck..");
        noClasses().that().resideInAnyPackage(API)
                .should().dependOnClassesThat().resideInAnyPackage(others.toArray(new String[0]))
                .because("every other module builds on api, never the other way round")
                .check(classes);
    }

    @Test
    void noModuleReachesIntoAnotherModulesInternals() {
        noClasses().that().resideOutsideOfPackages(API)
                .should().dependOnClassesThat().resideInAnyPackage("dev.jprefect.client.internal..")
                .because("api's internal packages are not exported")
                .check(classes);
        // api exports two internal packages to one module (module-info: exports ... to ...):
        // Prefect's jitter and cron (croniter's reading) to the server
        noClasses().that().resideOutsideOfPackages(concat(API, "dev.jprefect.server.."))
                .should().dependOnClassesThat().resideInAnyPackage("dev.jprefect.internal.math..",
                        "dev.jprefect.internal.schedule..")
                .because("api exports dev.jprefect.internal.math and dev.jprefect.internal.schedule to the server alone")
                .check(classes);
        noClasses().that().resideOutsideOfPackages(API)
                .should().dependOnClassesThat().resideInAnyPackage("dev.jprefect.internal.engine..",
                        "dev.jprefect.internal.json..")
                .because("api's internal packages are not exported")
                .check(classes);
        MODULES.forEach((module, internal) -> noClasses().that().resideOutsideOfPackage(module)
                .should().dependOnClassesThat().resideInAnyPackage(internal)
                .because(internal + " is internal to its module")
                .allowEmptyShould(true)
                .check(classes));
    }

    @Test
    void routesDoNotReachStorage() {
        noClasses().that().resideInAPackage(SERVER + "routes..")
                .should().dependOnClassesThat().resideInAPackage(SERVER + "storage..")
                .because("routes are HTTP only: they call model operations, which own the rows")
                .check(classes);
    }

    @Test
    void orchestrationDoesNotSeeRequestBodies() {
        noClasses().that().resideInAPackage(SERVER + "orchestration..")
                .should().dependOnClassesThat().resideInAnyPackage(SERVER + "schema..", SERVER + "http..",
                        SERVER + "routes..", SERVER + "models..", SERVER + "json..")
                .because("orchestration governs states; the model operations turn request bodies into them")
                .check(classes);
    }

    @Test
    void theServerLayersPointOneWayDown() {
        noClasses().that().resideInAPackage(SERVER + "models..")
                .should().dependOnClassesThat().resideInAnyPackage(SERVER + "routes..", SERVER + "http..")
                .because("model operations know nothing of HTTP")
                .check(classes);
        noClasses().that().resideInAPackage(SERVER + "storage..")
                .should().dependOnClassesThat().resideInAnyPackage(SERVER + "routes..", SERVER + "http..",
                        SERVER + "models..", SERVER + "orchestration..", SERVER + "schema..")
                .because("storage is the bottom layer")
                .check(classes);
    }

    @Test
    void eachResourcesFieldsAreWrittenInItsFieldTable() {
        noClasses().that().resideInAPackage(SERVER + "schema..")
                .should().dependOnClassesThat().resideInAnyPackage(SERVER + "models..", SERVER + "storage..")
                .because("a resource's request bodies and filter models are made by its field table in the models;"
                        + " schema holds only validation and the shapes no resource owns")
                .check(classes);
        noClasses().that().haveFullyQualifiedName(SERVER + "models.Views")
                .should().dependOnClassesThat().haveNameMatching(
                        SERVER.replace(".", "\\.") + "storage\\.(Flow|TaskRun|Log|Variable|Artifact|Deployment)Row")
                .because("a resource's views are made by its field table (FieldTable), not written field by"
                        + " field again; Views keeps the shapes no resource owns (states, policies, the UI's run shapes)")
                .check(classes);
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }
}
