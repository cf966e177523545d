package io.switchboard.adapters.out.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private Redis for one test class (STYLE.md, "Tests"):
 * <ol>
 *   <li>{@code REDIS_URL} when it is set (then {@link #stop()}/{@link #restart()} are not available; tests that need
 *       them skip themselves through {@link #canRestart()});</li>
 *   <li>else the {@code redis-server} binary on PATH, started on a free port bound to 127.0.0.1 without persistence
 *       (or, with {@link #startPersistent()}, with an append-only file fsynced on every write in a temporary
 *       directory), and stopped by {@link #close()};</li>
 *   <li>else a Redis container through Testcontainers when Docker is available (see {@link ContainerRedis});</li>
 *   <li>else the test fails with a message that says what to install.</li>
 * </ol>
 * It never touches a shared Redis on 6379. Each test should still use its own key prefix ({@link #newKeyPrefix()}),
 * so that a shared {@code REDIS_URL} works too.
 */
public final class RedisServerFixture implements AutoCloseable {
    private static final Duration START_DEADLINE = Duration.ofSeconds(15);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(10);
    private static final Pattern CLIENT_ID = Pattern.compile("(?:^|\\s)id=(\\d+)");

    private final String externalUrl;
    private final boolean persistent;
    private final Path dir;
    private final int port;
    private Process process;
    private ContainerRedis container;

    private RedisServerFixture(String externalUrl, boolean persistent, Path dir, int port) {
        this.externalUrl = externalUrl;
        this.persistent = persistent;
        this.dir = dir;
        this.port = port;
    }

    /** A Redis without persistence. */
    public static RedisServerFixture start() {
        return start(false);
    }

    /**
     * A Redis that keeps every acknowledged write across {@link #kill()} and {@link #restart()}
     * ({@code --appendonly yes --appendfsync always}). With {@code REDIS_URL} set this is the external server.
     */
    public static RedisServerFixture startPersistent() {
        return start(true);
    }

    private static RedisServerFixture start(boolean persistent) {
        String url = System.getenv("REDIS_URL");
        if (url != null && !url.isBlank()) {
            return new RedisServerFixture(url, persistent, null, -1);
        }
        if (binaryOnPath("redis-server")) {
            Exception last = null;
            for (int attempt = 0; attempt < 3; attempt++) { // a free port may be taken before redis-server binds it
                RedisServerFixture fixture;
                try {
                    fixture = new RedisServerFixture(null, persistent,
                            Files.createTempDirectory("switchboard-redis-"), freePort());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                try {
                    fixture.launch();
                    return fixture;
                } catch (IOException | UncheckedIOException e) { // e.g. it exited: the port was taken meanwhile
                    last = e;
                    fixture.close();
                }
            }
            throw new IllegalStateException("redis-server did not start", last);
        }
        if (ContainerRedis.dockerAvailable()) {
            int port;
            try {
                port = freePort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            RedisServerFixture fixture = new RedisServerFixture(null, persistent, null, port);
            fixture.container = ContainerRedis.start(port, persistent);
            return fixture;
        }
        throw new IllegalStateException("The Redis tests need a Redis: set REDIS_URL to a Redis you may flush, "
                + "or install redis-server on the PATH (Debian/Ubuntu: apt-get install redis-server), "
                + "or run Docker for Testcontainers.");
    }

    public String url() {
        return externalUrl != null ? externalUrl : "redis://127.0.0.1:" + port;
    }

    /** A fresh key prefix, so tests never see each other's keys even on a shared server. */
    public static String newKeyPrefix() {
        return "sbtest:" + UUID.randomUUID() + ":";
    }

    /** Whether {@link #stop()}, {@link #kill()} and {@link #restart()} work (not on an external REDIS_URL). */
    public boolean canRestart() {
        return externalUrl == null;
    }

    /** Whether this fixture started its server with an fsync-always append-only file (false for REDIS_URL). */
    public boolean isPersistent() {
        return persistent && externalUrl == null;
    }

    /** Shuts the server down (SIGTERM) and waits until its port refuses connections. */
    public void stop() {
        halt(false);
    }

    /** Kills the server (SIGKILL, a crash) and waits until its port refuses connections. */
    public void kill() {
        halt(true);
    }

    /** Starts the server again on the same port (and, when persistent, on the same data). */
    public void restart() {
        requireOwnServer();
        if (container != null) {
            container.start();
            awaitPong(null);
            return;
        }
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("redis-server is still running");
        }
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server did not restart on port " + port, e);
        }
    }

    /**
     * {@code CLIENT PAUSE <ms> WRITE}: for {@code duration} the server holds every write command (PUBLISH included)
     * of every client without answering, while reads, PING and the connections themselves stay up. A way to make
     * one PUBLISH time out without any reconnect.
     */
    public void pauseWrites(Duration duration) {
        String answer = command("CLIENT", "PAUSE", Long.toString(duration.toMillis()), "WRITE");
        if (!answer.startsWith("+OK")) {
            throw new IllegalStateException("CLIENT PAUSE answered " + answer);
        }
    }

    /** Ends a {@link #pauseWrites} before its time ({@code CLIENT UNPAUSE}). */
    public void unpauseWrites() {
        String answer = command("CLIENT", "UNPAUSE");
        if (!answer.startsWith("+OK")) {
            throw new IllegalStateException("CLIENT UNPAUSE answered " + answer);
        }
    }

    /** {@code FLUSHALL}: every key of every prefix is gone (a lost Redis, as far as the data goes). */
    public void flushAll() {
        String answer = command("FLUSHALL");
        if (!answer.startsWith("+OK")) {
            throw new IllegalStateException("FLUSHALL answered " + answer);
        }
    }

    /**
     * {@code CLIENT KILL TYPE pubsub}: every subscribing connection is cut while Redis stays up (its clients
     * reconnect and subscribe again; what was published meanwhile never reaches them through pub/sub).
     */
    public void killSubscribers() {
        String answer = command("CLIENT", "KILL", "TYPE", "pubsub");
        if (!answer.startsWith(":")) {
            throw new IllegalStateException("CLIENT KILL answered " + answer);
        }
    }

    /** The ids of the clients connected now ({@code CLIENT LIST}), this question's own connection left out. */
    public Set<Long> clientIds() {
        String list = command("CLIENT", "LIST");
        Set<Long> ids = new HashSet<>();
        for (String line : list.split("\n")) {
            Matcher id = CLIENT_ID.matcher(line);
            if (id.find() && !line.contains(" cmd=client|list")) {
                ids.add(Long.parseLong(id.group(1)));
            }
        }
        return ids;
    }

    /** One command on a fresh connection to this fixture's own server; the reply's raw text (bulk replies unwrapped). */
    private String command(String... args) {
        requireOwnServer();
        StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg)
                    .append("\r\n");
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            String header = readLine(in);
            if (!header.startsWith("$")) {
                return header;
            }
            byte[] body = new byte[Integer.parseInt(header.substring(1))];
            in.readFully(body);
            return new String(body, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Redis on port " + port + " did not answer " + args[0], e);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed mid-reply");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (externalUrl != null) {
            return;
        }
        if (container != null) {
            container.close();
        } else if (process != null && process.isAlive()) {
            halt(true);
        }
        deleteTree(dir);
    }

    private void halt(boolean crash) {
        requireOwnServer();
        if (container != null) {
            container.stop(crash);
        } else if (process != null) {
            if (crash) {
                process.destroyForcibly();
            } else {
                process.destroy();
            }
            try {
                if (!process.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping redis-server", e);
            }
        }
        long deadline = System.nanoTime() + STOP_DEADLINE.toNanos();
        while (answers()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Redis on port " + port + " still answers after being stopped");
            }
            pause();
        }
    }

    private void launch() throws IOException {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--dir", dir.toString()));
        if (persistent) {
            command.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
        } else {
            command.addAll(List.of("--appendonly", "no"));
        }
        Path log = dir.resolve("redis.log");
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        awaitPong(log);
    }

    private void awaitPong(Path log) {
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        while (!answers()) {
            if (process != null && !process.isAlive()) {
                throw new UncheckedIOException(new IOException("redis-server exited with " + process.exitValue()
                        + ": " + tail(log)));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Redis did not answer PING on port " + port + " within "
                        + START_DEADLINE + ": " + tail(log));
            }
            pause();
        }
    }

    /** The poll interval while awaiting a server state with a deadline. */
    private static void pause() {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        if (Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("interrupted while awaiting Redis");
        }
    }

    /** Whether something on the port answers PING with PONG (and a loading Redis does not count). */
    private boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64];
            int n = in.read(buffer);
            return n > 0 && new String(buffer, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private void requireOwnServer() {
        if (!canRestart()) {
            throw new IllegalStateException("REDIS_URL points at an external Redis; it cannot be stopped here");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean binaryOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    private static String tail(Path log) {
        if (log == null) {
            return "";
        }
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void deleteTree(Path root) {
        if (root == null) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
