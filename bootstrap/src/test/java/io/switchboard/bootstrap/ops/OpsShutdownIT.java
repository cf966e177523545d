package io.switchboard.bootstrap.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The packaged server as a real process (`java -jar bootstrap/target/switchboard.jar`, and the Dockerfile's
 * ENTRYPOINT with the jar path substituted): SIGTERM drains WebSockets with 1001, lets an in-flight request finish,
 * and exits 0 within SHUTDOWN_TIMEOUT_MS. Runs at `mvn verify`, after the jar is built.
 */
class OpsShutdownIT {
    private static final String SECRET = "it-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
    private static final long SHUTDOWN_TIMEOUT_MS = 6_000;
    private static final Path ROOT = Path.of(System.getProperty("switchboard.root", ".."));
    private static final Path JAR = Path.of(System.getProperty("switchboard.jar", "target/switchboard.jar"));
    private static final Path LOG_DIR = Path.of(System.getProperty("switchboard.itLogDir", "target"));

    private Process process;

    @AfterEach
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void onSigterm_everyWebSocketGets1001_anInFlightRequestCompletes_andTheProcessExits0InTime() throws Exception {
        int port = freePort();
        Path log = LOG_DIR.resolve("ops-shutdown-it.log");
        process = start(List.of(javaBinary(), "-jar", JAR.toString()), port, log);
        Http http = new Http(URI.create("http://127.0.0.1:" + port));
        awaitStatus(http, "/health/ready", 200, Duration.ofSeconds(30));
        String token = registerAndLogIn(http);

        List<WsClient> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(WsClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws?token=" + token)));
        }
        for (WsClient client : clients) {
            client.send(Map.of("type", "ping"));
            client.awaitType("pong");
        }
        // A request whose body is still arriving when SIGTERM comes: the server is inside the handler, reading.
        String body = "{\"content\":\"sent across the shutdown\",\"channelId\":\"shutdown\"}";
        int half = body.length() / 2;
        try (Socket inFlight = new Socket("127.0.0.1", port)) {
            OutputStream out = inFlight.getOutputStream();
            out.write(("POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n\r\n" + body.substring(0, half)).getBytes(StandardCharsets.UTF_8));
            out.flush();

            long sigterm = System.nanoTime();
            process.destroy(); // SIGTERM

            awaitStatus(http, "/health/ready", 503, Duration.ofSeconds(3));
            assertThatThrownBy(() -> WsClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws?token=" + token)))
                    .isInstanceOfSatisfying(WsClient.Refused.class, r -> assertThat(r.status()).isEqualTo(503));
            for (WsClient client : clients) {
                assertThat(client.awaitClose(Duration.ofSeconds(10))).isEqualTo(1001);
            }

            // Every WebSocket is gone, so the server is now stopping HTTP; the request still gets its answer.
            out.write(body.substring(half).getBytes(StandardCharsets.UTF_8));
            out.flush();
            inFlight.setSoTimeout(10_000);
            String statusLine = new BufferedReader(new InputStreamReader(inFlight.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
            assertThat(statusLine).startsWith("HTTP/1.1 201");

            assertThat(process.waitFor(SHUTDOWN_TIMEOUT_MS + 5_000, TimeUnit.MILLISECONDS))
                    .as("the process exits").isTrue();
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm);
            assertThat(process.exitValue()).as("exit status; log:%n%s", Files.readString(log)).isZero();
            assertThat(tookMs).as("SIGTERM to exit, in ms").isLessThan(SHUTDOWN_TIMEOUT_MS);
        }

        String output = Files.readString(log);
        assertThat(output).contains("SIGTERM received").contains("shutdown: complete");
        assertThat(output).doesNotContain(SECRET).doesNotContain(token);
    }

    @Test
    void theDockerfilesEntrypointAndHealthcheckWorkAgainstTheBuiltJar() throws Exception {
        List<String> dockerfile = dockerfileInstructions();
        List<String> entrypoint = execForm(dockerfile, "ENTRYPOINT");
        assertThat(entrypoint).contains("/app/switchboard.jar");
        List<String> command = new ArrayList<>();
        for (String arg : entrypoint) {
            switch (arg) {
                case "java" -> command.addAll(imageJava());
                case "/app/switchboard.jar" -> command.add(JAR.toString());
                default -> command.add(arg);
            }
        }
        List<String> healthcheck = execForm(dockerfile, "HEALTHCHECK");
        assertThat(dockerfile).anyMatch(line -> line.startsWith("USER ") && !line.contains("root"));
        assertThat(dockerfile).contains("EXPOSE 8080");

        int port = freePort();
        Path log = LOG_DIR.resolve("ops-dockerfile-it.log");
        process = start(command, port, log);
        Http http = new Http(URI.create("http://127.0.0.1:" + port));
        awaitStatus(http, "/health/live", 200, Duration.ofSeconds(30));

        assertThat(run(healthcheck, port)).as("the HEALTHCHECK command while the server runs").isZero();
        String startup = Files.readAllLines(log).stream().filter(l -> l.contains("listening on")).findFirst()
                .orElseThrow();
        assertThat(startup).contains("config: port=" + port).contains("jwtSecret=set(masked)")
                .contains("pubsub=memory").doesNotContain(SECRET);

        process.destroy();
        assertThat(process.waitFor(SHUTDOWN_TIMEOUT_MS + 5_000, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        // The whole close ran (not cut short when Jetty's threads stopped): its last line is there.
        assertThat(Files.readString(log)).contains("shutdown: complete");
        assertThat(run(healthcheck, port)).as("the HEALTHCHECK command once the server is gone").isNotZero();
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private static Process start(List<String> command, int port, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.equals("REDIS_URL") || k.startsWith("WS_") || k.startsWith("HTTP_"));
        env.put("PORT", Integer.toString(port));
        env.put("HOST", "127.0.0.1");
        env.put("JWT_SECRET", SECRET);
        env.put("PASSWORD_HASH_ITERATIONS", "1000");
        env.put("SHUTDOWN_TIMEOUT_MS", Long.toString(SHUTDOWN_TIMEOUT_MS));
        env.put("LOG_LEVEL", "info");
        return builder.start();
    }

    private void awaitStatus(Http http, String path, int status, Duration timeout) {
        Await.until(path + " answering " + status, timeout, () -> {
            if (!process.isAlive() && status == 200) {
                throw new AssertionError("the server exited with " + process.exitValue());
            }
            try {
                return http.get(path).status() == status;
            } catch (UncheckedIOException notYet) {
                return false;
            }
        });
    }

    private static String registerAndLogIn(Http http) {
        String email = "it-" + System.nanoTime() + "@switchboard.test";
        Map<String, String> account = Map.of("email", email, "name", "Shutdown IT", "password", "Corr3ct-Horse!");
        Http.Response registered = http.call("POST", "/api/auth/register").json(account).send();
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        Http.Response login = http.call("POST", "/api/auth/login")
                .json(Map.of("email", email, "password", "Corr3ct-Horse!")).send();
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return login.data().path("token").asText();
    }

    private static int run(List<String> command, int port) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PORT", Integer.toString(port));
        Process p = builder.start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the command did not finish: " + command);
        }
        return p.exitValue();
    }

    /** The Dockerfile's instructions, one per line, with `\` continuations joined. */
    private static List<String> dockerfileInstructions() throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(ROOT.resolve("Dockerfile"))) {
            String trimmed = line.strip();
            if (current.length() == 0 && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                instructions.add(current.append(trimmed).toString());
                current.setLength(0);
            }
        }
        return instructions;
    }

    /** The JSON array of an exec-form instruction (for HEALTHCHECK, the array after CMD). */
    private static List<String> execForm(List<String> instructions, String keyword) throws IOException {
        String instruction = instructions.stream().filter(l -> l.startsWith(keyword + " ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("the Dockerfile has no " + keyword));
        String json = Optional.of(instruction.indexOf('[')).filter(i -> i >= 0).map(instruction::substring)
                .orElseThrow(() -> new AssertionError(keyword + " is not in exec form: " + instruction));
        List<String> args = new ArrayList<>();
        for (JsonNode arg : Http.JSON.readTree(json)) {
            args.add(arg.asText());
        }
        return args;
    }

    /**
     * The image runs Temurin 25 (its flags include JDK 24+ ones such as UseCompactObjectHeaders): use a JDK 25 of this
     * machine when there is one (/usr/lib/jvm), else this JVM told to skip the options it does not know.
     */
    private static List<String> imageJava() {
        try (java.util.stream.Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            Optional<Path> jdk25 = jdks.filter(p -> p.getFileName().toString().contains("25"))
                    .map(p -> p.resolve("bin/java")).filter(Files::isExecutable).findFirst();
            if (jdk25.isPresent()) {
                return List.of(jdk25.get().toString());
            }
        } catch (IOException e) {
            // no /usr/lib/jvm: fall through
        }
        return List.of(javaBinary(), "-XX:+IgnoreUnrecognizedVMOptions");
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
