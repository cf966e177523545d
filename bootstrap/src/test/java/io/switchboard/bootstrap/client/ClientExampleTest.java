package io.switchboard.bootstrap.client;

import io.switchboard.bootstrap.support.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/examples/ClientExample.java runs as documented against a real server and exits 0. */
class ClientExampleTest {
    @Test
    void theJavaClientExampleRunsAndExits0() throws Exception {
        try (TestServer server = TestServer.start()) {
            Path example = Path.of(System.getProperty("switchboard.root", ".."), "docs", "examples",
                    "ClientExample.java");
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process process = new ProcessBuilder(List.of(java.toString(), "-cp",
                    System.getProperty("java.class.path"), example.toString(), server.baseUrl()))
                    .redirectErrorStream(true).start();
            boolean finished = process.waitFor(60, TimeUnit.SECONDS);
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!finished) {
                process.destroyForcibly();
            }
            assertThat(finished).as(output).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("hello from the client").contains("SWITCHED").contains("done")
                    .doesNotContain("eyJ");
        }
    }
}
