package io.switchboard.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The Java client (module client/, artifact switchboard-client) is a library for apps: the JDK and Jackson only
 * (its pom's enforcer rule holds the same for its dependencies), and nothing of the server.
 */
@AnalyzeClasses(packages = "io.switchboard", importOptions = ImportOption.DoNotIncludeTests.class)
class ClientRulesTest {
    private static final String CLIENT = "io.switchboard.client..";

    @ArchTest
    static final ArchRule the_client_depends_on_nothing_but_the_jdk_and_jackson = classes()
            .that().resideInAPackage(CLIENT)
            .should().onlyDependOnClassesThat().resideInAnyPackage(CLIENT, "java..", "com.fasterxml.jackson..");

    @ArchTest
    static final ArchRule the_server_does_not_use_the_client = noClasses()
            .that().resideOutsideOfPackage(CLIENT)
            .should().dependOnClassesThat().resideInAPackage(CLIENT);
}
