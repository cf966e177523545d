package io.switchboard.bootstrap.history;

import io.switchboard.bootstrap.support.TestServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The runnable example of docs/history-and-recovery.md runs against a real server and succeeds. */
class RecoveryDemoTest {
    @Test
    void theDocumentedRecoveryExampleRunsAndRecoversWhatItMissed() throws Exception {
        Path demo = Path.of("..", "docs", "examples", "RecoveryDemo.java");
        assertThat(demo).exists();
        try (TestServer server = TestServer.start()) {
            Path out = Files.createTempFile("recovery-demo", ".log");
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    demo.toString(), server.baseUrl()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean exited = process.waitFor(120, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            String log = read(out);
            assertThat(exited).as(log).isTrue();
            assertThat(process.exitValue()).as(log).isZero();
            assertThat(log).contains("\"recovered\":true").contains("done: nothing missed");
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
