package io.switchboard.adapters.out.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * A private Redis Cluster for the cluster tests: six {@code redis-server --cluster-enabled yes} processes on free
 * loopback ports, each in its own temporary directory, joined by {@code redis-cli --cluster create
 * --cluster-replicas 1} into 3 masters with one replica each. It is started once per test JVM ({@link #shared()})
 * and shared by every cluster test (starting a cluster takes seconds, and CI's whole run has a time budget); it is
 * torn down by a shutdown hook. Tests that break it (kill a master, move a slot) leave it healthy again: a killed
 * node is restarted and rejoins as a replica, a moved slot stays served.
 *
 * <p>Without {@code redis-server}/{@code redis-cli} on the PATH the cluster tests fail with a message saying what to
 * install (the same rule as {@link RedisServerFixture}).
 */
public final class RedisClusterFixture {
    private static final int NODES = 6;
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static RedisClusterFixture shared;

    private final List<Node> nodes = new ArrayList<>();

    /** One cluster node: its port, directory and process. */
    public static final class Node {
        private final int port;
        private final Path dir;
        private Process process;

        Node(int port, Path dir) {
            this.port = port;
            this.dir = dir;
        }

        public int port() {
            return port;
        }

        boolean alive() {
            return process != null && process.isAlive();
        }
    }

    private RedisClusterFixture() {
    }

    /** The cluster of this test JVM, started on first use. */
    public static synchronized RedisClusterFixture shared() {
        if (shared == null) {
            RedisClusterFixture fixture = new RedisClusterFixture();
            try {
                fixture.launch();
            } catch (RuntimeException e) {
                fixture.close();
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(fixture::close, "redis-cluster-teardown"));
            shared = fixture;
        }
        shared.awaitHealthy();
        return shared;
    }

    /** {@code redis-cluster://127.0.0.1:p1,127.0.0.1:p2,...}: every node as a seed. */
    public String url() {
        return "redis-cluster://" + nodes.stream().map(n -> "127.0.0.1:" + n.port).collect(Collectors.joining(","));
    }

    /** The port of the master serving {@code slot} now. */
    public int masterOf(int slot) {
        for (String line : clusterNodes()) {
            String[] f = line.split(" ");
            if (!f[2].contains("master") || f[2].contains("fail")) {
                continue;
            }
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue; // a migrating/importing marker
                }
                String[] range = f[i].split("-");
                int from = Integer.parseInt(range[0]);
                int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                if (slot >= from && slot <= to) {
                    return portOf(f[1]);
                }
            }
        }
        throw new IllegalStateException("no master serves slot " + slot);
    }

    /** The ports of the masters now. */
    public List<Integer> masters() {
        List<Integer> ports = new ArrayList<>();
        for (String line : clusterNodes()) {
            String[] f = line.split(" ");
            if (f[2].contains("master") && !f[2].contains("fail") && f.length > 8) {
                ports.add(portOf(f[1]));
            }
        }
        return ports;
    }

    /**
     * Kills the master of {@code slot} with SIGKILL (a crash), waits until one of its replicas serves the slot and
     * the cluster is healthy again, then restarts the killed node (it rejoins as a replica of the new master).
     *
     * @return the port of the new master
     */
    public int killMasterOf(int slot) {
        int oldPort = masterOf(slot);
        Node node = node(oldPort);
        node.process.destroyForcibly();
        try {
            node.process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        await("a replica takes slot " + slot + " over", () -> {
            try {
                int now = masterOf(slot);
                return now != oldPort && clusterStateOk();
            } catch (RuntimeException e) {
                return false;
            }
        });
        int newPort = masterOf(slot);
        start(node); // nodes.conf in its directory: it rejoins, learns it lost, becomes a replica
        awaitHealthy();
        return newPort;
    }

    /**
     * Moves {@code slot} with its keys to the master on {@code targetPort}, the way {@code redis-cli --cluster
     * reshard} does: IMPORTING on the target, MIGRATING on the source, MIGRATE of its keys in batches, then
     * {@code CLUSTER SETSLOT <slot> NODE <target>} on both and every other master.
     */
    public void migrateSlot(int slot, int targetPort) {
        int sourcePort = masterOf(slot);
        if (sourcePort == targetPort) {
            return;
        }
        String sourceId = myId(sourcePort);
        String targetId = myId(targetPort);
        cli(targetPort, "CLUSTER", "SETSLOT", Integer.toString(slot), "IMPORTING", sourceId);
        cli(sourcePort, "CLUSTER", "SETSLOT", Integer.toString(slot), "MIGRATING", targetId);
        while (true) {
            List<String> keys = lines(cli(sourcePort, "CLUSTER", "GETKEYSINSLOT", Integer.toString(slot), "100"));
            if (keys.isEmpty()) {
                break;
            }
            List<String> migrate = new ArrayList<>(List.of("MIGRATE", "127.0.0.1", Integer.toString(targetPort), "",
                    "0", "5000", "REPLACE", "KEYS"));
            migrate.addAll(keys);
            String answer = cli(sourcePort, migrate.toArray(String[]::new));
            if (!answer.startsWith("OK")) {
                throw new IllegalStateException("MIGRATE answered " + answer);
            }
        }
        cli(targetPort, "CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", targetId);
        cli(sourcePort, "CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", targetId);
        for (int master : masters()) {
            if (master != sourcePort && master != targetPort) {
                cli(master, "CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", targetId);
            }
        }
        await("slot " + slot + " served by " + targetPort, () -> masterOf(slot) == targetPort);
    }

    /**
     * Waits until every node answers, the cluster state is ok, every node knows all six, there are three masters
     * and every replica's link to its master is up.
     */
    public void awaitHealthy() {
        await("the cluster is healthy", () -> {
            for (Node node : nodes) {
                if (!node.alive()) {
                    return false;
                }
                String info = cli(node.port, "CLUSTER", "INFO");
                if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + NODES)) {
                    return false;
                }
            }
            List<String> lines = clusterNodes();
            if (lines.stream().anyMatch(l -> l.contains("fail") || l.contains("handshake")) || masters().size() != 3) {
                return false;
            }
            for (Node node : nodes) { // every replica in sync with its master (WAIT counts only those)
                String replication = cli(node.port, "INFO", "replication");
                if (replication.contains("role:slave") && !replication.contains("master_link_status:up")) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Runs one command with redis-cli on a node; its output, trimmed. */
    public String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("redis-cli hung: " + command);
            }
            return new String(out, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void launch() {
        requireBinaries();
        try {
            for (int i = 0; i < NODES; i++) {
                Node node = new Node(freePort(), Files.createTempDirectory("switchboard-cluster-"));
                nodes.add(node);
                start(node);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> create = new ArrayList<>(List.of("--cluster", "create"));
        for (Node node : nodes) {
            create.add("127.0.0.1:" + node.port);
        }
        create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        String answer = cli(nodes.get(0).port, create.toArray(String[]::new));
        if (!answer.contains("[OK] All 16384 slots covered")) {
            throw new IllegalStateException("redis-cli --cluster create failed: " + answer);
        }
        awaitHealthy();
    }

    private void start(Node node) {
        List<String> command = List.of("redis-server", "--port", Integer.toString(node.port), "--bind", "127.0.0.1",
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000",
                "--dir", node.dir.toString(), "--save", "", "--appendonly", "no",
                "--repl-diskless-sync-delay", "0"); // replicas in sync at once, not after the default 5 s
        try {
            node.process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(node.dir.resolve("redis.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await("redis-server on " + node.port + " answers", () -> node.alive()
                && cli(node.port, "PING").equals("PONG"));
    }

    private List<String> clusterNodes() {
        for (Node node : nodes) {
            if (node.alive()) {
                String answer = cli(node.port, "CLUSTER", "NODES");
                if (!answer.isEmpty() && !answer.startsWith("Could not connect")) {
                    return lines(answer);
                }
            }
        }
        throw new IllegalStateException("no cluster node answers");
    }

    private boolean clusterStateOk() {
        return nodes.stream().filter(Node::alive)
                .allMatch(n -> cli(n.port, "CLUSTER", "INFO").contains("cluster_state:ok"));
    }

    private String myId(int port) {
        return cli(port, "CLUSTER", "MYID");
    }

    private Node node(int port) {
        return nodes.stream().filter(n -> n.port == port).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node on " + port));
    }

    private static int portOf(String address) { // 127.0.0.1:7000@17000
        String hostPort = address.split("@")[0];
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    private static List<String> lines(String text) {
        return text.isBlank() ? List.of() : List.of(text.split("\n"));
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            boolean met;
            try {
                met = condition.getAsBoolean();
            } catch (RuntimeException e) {
                met = false;
            }
            if (met) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    private static void requireBinaries() {
        for (String binary : List.of("redis-server", "redis-cli")) {
            String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
            boolean found = false;
            for (String dir : path.split(java.io.File.pathSeparator)) {
                found |= !dir.isEmpty() && Files.isExecutable(Path.of(dir, binary));
            }
            if (!found) {
                throw new IllegalStateException("The Redis Cluster tests need " + binary + " 7.0+ on the PATH "
                        + "(Debian/Ubuntu: apt-get install redis-server).");
            }
        }
    }

    private static int freePort() throws IOException {
        // a cluster node also listens on port + 10000 (the cluster bus): pick ports below 55535 whose bus is free
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (port < 55535) {
                    try (ServerSocket bus = new ServerSocket(port + 10000, 1, InetAddress.getLoopbackAddress())) {
                        return port;
                    } catch (IOException busTaken) {
                        // try another
                    }
                }
            }
        }
    }

    private void close() {
        for (Node node : nodes) {
            if (node.process != null) {
                node.process.destroyForcibly();
                try {
                    node.process.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            try (var paths = Files.walk(node.dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException ignored) {
                // a temporary directory left behind is harmless
            }
        }
    }
}
