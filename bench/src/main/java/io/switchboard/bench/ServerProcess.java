package io.switchboard.bench;

import java.io.File;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Switchboard server started by the load generator ({@code --start-server <jar>}), on 127.0.0.1 with every limit
 * that would throttle a benchmark lifted, and stopped (SIGTERM) afterwards. Its log goes to a file.
 */
final class ServerProcess implements AutoCloseable {
    /** One secret per load-generator run, shared by the instances it starts (a token works on each of them). */
    static final String JWT_SECRET = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));

    private final Process process;
    final int port;
    final File log;

    private ServerProcess(Process process, int port, File log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static Map<String, String> benchEnv(int port) {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", Integer.toString(port));
        env.put("HOST", "127.0.0.1");
        env.put("JWT_SECRET", JWT_SECRET);
        env.put("JWT_TTL_SECONDS", "7200");
        env.put("HTTP_RATE_LIMIT", "0");
        env.put("WS_RATE_LIMIT", "0");
        env.put("WS_MAX_CONNECTIONS_PER_IP", "0");
        env.put("SWITCH_RATE_LIMIT", "0");
        env.put("SHUTDOWN_TIMEOUT_MS", "3000");
        env.put("LOG_LEVEL", "warn");
        return env;
    }

    static ServerProcess start(String jar, int port, List<String> jvmOptions, Map<String, String> extraEnv)
            throws IOException, InterruptedException {
        // Someone else's server on the port would answer the readiness probe and be measured instead of ours.
        try (java.net.ServerSocket probe = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
        } catch (IOException busy) {
            throw new IllegalArgumentException("port " + port + " is in use; pick another with --port");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + "/bin/java");
        cmd.addAll(jvmOptions);
        cmd.add("-jar");
        cmd.add(jar);
        File log = File.createTempFile("switchboard-bench-server-" + port + "-", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log);
        pb.environment().putAll(benchEnv(port));
        pb.environment().putAll(extraEnv);
        Process p = pb.start();
        ServerProcess server = new ServerProcess(p, port, log);
        Api api = new Api("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!api.isUp()) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("server on port " + port + " did not come up; see " + log);
            }
            Thread.sleep(100);
        }
        System.err.printf("started server pid %d on 127.0.0.1:%d (%s), log %s%n", p.pid(), port, String.join(" ", cmd), log);
        return server;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
