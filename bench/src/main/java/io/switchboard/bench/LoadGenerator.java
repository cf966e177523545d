package io.switchboard.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The load generator: one scenario per run, against a server started separately (--url, --server-pid) or one it
 * starts itself (--start-server bootstrap/target/switchboard.jar). Loopback only. See BENCHMARKS.md.
 */
public final class LoadGenerator {
    private static final String USAGE = """
            usage: java -jar bench/target/switchboard-bench.jar <scenario> [options]
            scenarios:
              fanout          --subscribers 1000 --rate 50 --payload 256 --duration 30 --warmup 5
              http-to-ws      --subscribers 100 --rate 100 --payload 256 --duration 30 --warmup 5
              sessions        --sessions 100 --watchers 10 --rate 200 --duration 30 --warmup 5
              cross-instance  --subscribers 500 --rate 100 --payload 256 --duration 30 (subscribers over every URL)
              idle            --connections 10000 --hold 5
              churn           --cycles 10000 --concurrency 16
            server:
              --url http://127.0.0.1:8080 | --urls u1,u2     a running server (loopback only)
              --server-pid <pid>[,<pid>...]                  for its CPU, RSS and heap (jcmd)
              --start-server bootstrap/target/switchboard.jar  start (and stop) servers here instead
              --instances 2 --port 18080 --server-jvm-opts "-Xmx1g" --redis-url redis://127.0.0.1:6379
              --server-env WS_PING_INTERVAL_MS=1000,WS_PING_TIMEOUT_MS=3000   (more server environment)
            client:
              --client-threads 8 --connect-in-flight 200 --drain 10
              --client jetty|nio   subscribers of fanout/http-to-ws/cross-instance on Jetty's WebSocketClient
                                   (default) or on the lean one-thread NIO reader (see BENCHMARKS.md, "ceiling")
            """;

    private LoadGenerator() {
    }

    public static void main(String[] argv) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Report.LOAD_BEFORE = ProcStats.loadAverage();
        Args args = Args.parse(argv);
        if (args.scenario == null || args.has("help")) {
            System.out.print(USAGE);
            return;
        }
        List<ServerProcess> started = new ArrayList<>();
        int code = 0;
        try {
            List<String> urls = new ArrayList<>();
            List<Long> pids = new ArrayList<>();
            if (args.has("start-server")) {
                int instances = args.integer("instances", args.scenario.equals("cross-instance") ? 2 : 1);
                int port = args.integer("port", 18080);
                List<String> jvm = args.has("server-jvm-opts")
                        ? Arrays.asList(args.str("server-jvm-opts", "").trim().split("\\s+")) : List.of();
                Map<String, String> env = new java.util.HashMap<>();
                if (args.has("redis-url")) {
                    env.put("REDIS_URL", args.str("redis-url", ""));
                }
                for (String kv : args.str("server-env", "").split(",")) {
                    if (kv.contains("=")) {
                        env.put(kv.substring(0, kv.indexOf('=')).trim(), kv.substring(kv.indexOf('=') + 1).trim());
                    }
                }
                for (int i = 0; i < instances; i++) {
                    ServerProcess s = ServerProcess.start(args.str("start-server", ""), port + i, jvm, env);
                    started.add(s);
                    urls.add("http://127.0.0.1:" + s.port);
                    pids.add(s.pid());
                }
            } else {
                urls.addAll(Arrays.asList(args.str("urls", args.str("url", "http://127.0.0.1:8080")).split(",")));
                if (args.has("server-pid")) {
                    for (String p : args.str("server-pid", "").split(",")) {
                        pids.add(Long.parseLong(p.trim()));
                    }
                }
            }
            Bench bench = new Bench(args, urls, pids);
            try {
                Report report = switch (args.scenario) {
                    case "fanout", "http-to-ws", "cross-instance" -> StreamScenario.run(bench, args.scenario);
                    case "sessions" -> SessionsScenario.run(bench);
                    case "idle" -> ConnectionScenarios.idle(bench);
                    case "churn" -> ConnectionScenarios.churn(bench);
                    default -> throw new IllegalArgumentException("unknown scenario " + args.scenario + "\n" + USAGE);
                };
                report.put("serverJvmOpts", args.str("server-jvm-opts", ""));
                report.put("serverEnv", args.str("server-env", ""));
                report.print(System.out);
            } finally {
                bench.ws.close();
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            code = 2;
        } finally {
            for (ServerProcess s : started) {
                s.close();
            }
        }
        System.exit(code);
    }
}
