package io.switchboard.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The arrows point inward: one rule per sentence (STYLE.md, "Architecture rules"). */
@AnalyzeClasses(packages = "io.switchboard", importOptions = ImportOption.DoNotIncludeTests.class)
class HexagonRulesTest {
    private static final String DOMAIN = "io.switchboard.domain..";
    private static final String APPLICATION = "io.switchboard.application..";
    private static final String PORTS = "io.switchboard.application.port..";
    private static final String IN_PORTS = "io.switchboard.application.port.in..";
    private static final String OUT_PORTS = "io.switchboard.application.port.out..";
    private static final String SERVICES = "io.switchboard.application.service..";
    private static final String ADAPTERS_IN = "io.switchboard.adapters.in..";
    private static final String ADAPTERS_OUT = "io.switchboard.adapters.out..";
    private static final String BOOTSTRAP = "io.switchboard.bootstrap..";

    /** Bootstrap wires everything, so it is exempt from the inward rules. */
    private static final DescribedPredicate<JavaClass> NOT_BOOTSTRAP =
            DescribedPredicate.not(JavaClass.Predicates.resideInAPackage(BOOTSTRAP));

    @ArchTest
    static final ArchRule domain_depends_on_nothing_but_the_jdk = classes()
            .that().resideInAPackage(DOMAIN)
            .should().onlyDependOnClassesThat().resideInAnyPackage(DOMAIN, "java..");

    @ArchTest
    static final ArchRule application_does_not_know_adapters = noClasses()
            .that().resideInAPackage(APPLICATION)
            .should().dependOnClassesThat().resideInAnyPackage(ADAPTERS_IN, ADAPTERS_OUT, BOOTSTRAP);

    @ArchTest
    static final ArchRule ports_do_not_know_services = noClasses()
            .that().resideInAPackage(PORTS)
            .should().dependOnClassesThat().resideInAPackage(SERVICES);

    /** What both sides share (a token's content, a publication) lives outside port (application.realtime etc.). */
    @ArchTest
    static final ArchRule in_ports_and_out_ports_do_not_depend_on_each_other = CompositeArchRule
            .of(noClasses().that().resideInAPackage(IN_PORTS)
                    .should().dependOnClassesThat().resideInAPackage(OUT_PORTS))
            .and(noClasses().that().resideInAPackage(OUT_PORTS)
                    .should().dependOnClassesThat().resideInAPackage(IN_PORTS));

    @ArchTest
    static final ArchRule adapters_in_do_not_touch_adapters_out = noClasses()
            .that().resideInAPackage(ADAPTERS_IN)
            .should().dependOnClassesThat().resideInAPackage(ADAPTERS_OUT);

    @ArchTest
    static final ArchRule adapters_out_do_not_touch_adapters_in = noClasses()
            .that().resideInAPackage(ADAPTERS_OUT)
            .should().dependOnClassesThat().resideInAPackage(ADAPTERS_IN);

    @ArchTest
    static final ArchRule adapters_use_ports_not_services = noClasses()
            .that().resideInAnyPackage(ADAPTERS_IN, ADAPTERS_OUT)
            .should().dependOnClassesThat().resideInAPackage(SERVICES);

    @ArchTest
    static final ArchRule nothing_depends_on_bootstrap = noClasses()
            .that(NOT_BOOTSTRAP)
            .should().dependOnClassesThat().resideInAPackage(BOOTSTRAP);

    @ArchTest
    static final ArchRule core_does_not_see_jetty_jackson_lettuce_or_jjwt = noClasses()
            .that().resideInAnyPackage(DOMAIN, APPLICATION)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.eclipse.jetty..", "com.fasterxml.jackson..", "io.lettuce..", "io.jsonwebtoken..",
                    "io.prometheus..", "org.slf4j..");

    @ArchTest
    static final ArchRule no_package_cycles = slices()
            .matching("io.switchboard.(**)")
            .should().beFreeOfCycles();
}
