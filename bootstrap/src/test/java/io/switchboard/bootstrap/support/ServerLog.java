package io.switchboard.bootstrap.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The log every test server in this JVM writes: surefire points slf4j-simple at
 * {@code bootstrap/target/test-server.log} (see bootstrap/pom.xml). Servers log one line per request with its
 * request id, so a test finds its own lines by the X-Request-Id it sent.
 */
public final class ServerLog {
    public static final String LOG_FILE_PROPERTY = "org.slf4j.simpleLogger.logFile";

    private ServerLog() {
    }

    public static Path path() {
        String file = System.getProperty(LOG_FILE_PROPERTY);
        if (file == null || file.isBlank()) {
            throw new AssertionError("no server log file: run the tests through Maven, whose surefire configuration "
                    + "sets " + LOG_FILE_PROPERTY);
        }
        return Path.of(file);
    }

    public static String contents() {
        Path file = path();
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> lines() {
        return contents().lines().toList();
    }

    /** Waits until some line contains {@code text} (e.g. a request id), then returns every such line. */
    public static List<String> awaitLinesContaining(String text) {
        Await.until("the server log to mention " + text, Duration.ofSeconds(5), () -> contents().contains(text));
        return lines().stream().filter(line -> line.contains(text)).toList();
    }
}
