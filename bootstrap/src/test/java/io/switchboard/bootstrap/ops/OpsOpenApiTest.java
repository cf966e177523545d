package io.switchboard.bootstrap.ops;

import io.switchboard.adapters.in.http.RestApi;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/openapi.yaml describes exactly the routes the router serves: none missing, none made up. */
class OpsOpenApiTest {
    private static final Pattern PATH = Pattern.compile("^  (/[^:\\s]*):\\s*$");
    private static final Pattern OPERATION = Pattern.compile("^    (get|put|post|delete|patch|head|options):\\s*$");

    static List<String> openApi() throws IOException {
        return Files.readAllLines(Path.of(System.getProperty("switchboard.root", ".."), "docs", "openapi.yaml"));
    }

    /** "METHOD /path" for every operation under `paths:` (two-space indented paths, four-space methods). */
    static Set<String> documentedOperations(List<String> lines) {
        Set<String> operations = new TreeSet<>();
        boolean inPaths = false;
        String path = null;
        for (String line : lines) {
            if (!line.startsWith(" ") && !line.isBlank()) {
                inPaths = line.startsWith("paths:");
                path = null;
                continue;
            }
            if (!inPaths) {
                continue;
            }
            Matcher p = PATH.matcher(line);
            if (p.matches()) {
                path = p.group(1);
                continue;
            }
            Matcher o = OPERATION.matcher(line);
            if (o.matches() && path != null) {
                operations.add(o.group(1).toUpperCase(Locale.ROOT) + " " + path);
            }
        }
        return operations;
    }

    @Test
    void everyRouteOfTheRouterIsDocumented_andEveryDocumentedOperationIsARoute() throws IOException {
        Set<String> routes = RestApi.routes().stream().map(r -> r.method() + " " + r.template())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = documentedOperations(openApi());

        assertThat(routes).hasSizeGreaterThan(20);
        assertThat(documented).containsExactlyInAnyOrderElementsOf(routes);
    }

    @Test
    void theDocumentIsOpenApi30_andEveryAuthenticatedRouteDeclaresTheBearerScheme() throws IOException {
        List<String> lines = openApi();
        assertThat(lines.get(0)).startsWith("openapi: 3.0");
        String text = String.join("\n", lines);
        assertThat(text).contains("bearerAuth:").contains("ErrorEnvelope:");
        // Public routes opt out with `security: []`; the rest inherit the global bearer requirement.
        for (RestApi.RouteInfo route : RestApi.routes()) {
            String block = operationBlock(lines, route.template(), route.method().toLowerCase(Locale.ROOT));
            assertThat(block.contains("security: []"))
                    .as("%s %s is %s", route.method(), route.template(), route.authenticated() ? "protected" : "public")
                    .isEqualTo(!route.authenticated());
        }
    }

    private static String operationBlock(List<String> lines, String path, String method) {
        StringBuilder block = new StringBuilder();
        boolean inPath = false;
        boolean inOperation = false;
        for (String line : lines) {
            if (line.matches("^  /\\S*:\\s*$")) {
                inPath = line.trim().equals(path + ":");
                inOperation = false;
                continue;
            }
            if (inPath && line.matches("^    [a-z]+:\\s*$")) {
                inOperation = line.trim().equals(method + ":");
                continue;
            }
            if (!line.startsWith(" ") && !line.isBlank()) {
                inPath = false;
                inOperation = false;
            }
            if (inOperation) {
                block.append(line).append('\n');
            }
        }
        return block.toString();
    }
}
