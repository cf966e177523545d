package io.switchboard.bootstrap.support;

import io.switchboard.application.port.out.HealthCheck;
import io.switchboard.bootstrap.App;
import io.switchboard.bootstrap.Config;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Switchboard on an ephemeral port of 127.0.0.1, started through the same {@link App#start(Config)} as
 * production. Tests that do not interfere share one per class; a test that needs other settings starts its own
 * with {@link #start(Map)}.
 *
 * <pre>{@code
 * static TestServer server = TestServer.start(Map.of("ADMIN_EMAILS", "root@example.test"));
 * ApiClient api = server.api();
 * ...
 * @AfterAll static void stop() { server.close(); }
 * }</pre>
 */
public final class TestServer implements AutoCloseable {
    /**
     * The JWT secret every test server uses: 64 bytes, so a test can also sign an HS512 token with the very same
     * key (jjwt refuses HS512 with a shorter key) and prove that the algorithm, not the key size, is what the
     * server refuses.
     */
    public static final String JWT_SECRET = "switchboard-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCD";
    public static final String JWT_ISSUER = "switchboard-test";

    private final App app;
    private final Config config;
    private final URI baseUri;
    private final ApiClient api;

    private TestServer(App app, Config config) {
        this.app = app;
        this.config = config;
        this.baseUri = URI.create("http://127.0.0.1:" + app.port());
        this.api = new ApiClient(new Http(baseUri));
    }

    /** The settings every test server starts from; {@link #start(Map)} overrides them one by one. */
    public static Map<String, String> defaultEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("HOST", "127.0.0.1");
        env.put("JWT_SECRET", JWT_SECRET);
        env.put("JWT_ISSUER", JWT_ISSUER);
        // The minimum Config accepts: PBKDF2 at the production cost would make every registration take ~100 ms.
        env.put("PASSWORD_HASH_ITERATIONS", "1000");
        // No graceful drain: with one, Jetty waits about a second for the client's idle keep-alive connection on
        // every close. Shutdown tests set SHUTDOWN_TIMEOUT_MS themselves.
        env.put("SHUTDOWN_TIMEOUT_MS", "0");
        return env;
    }

    public static TestServer start() {
        return start(Map.of());
    }

    /** Starts a server with the default test environment plus {@code overrides} (a null value removes a key). */
    public static TestServer start(Map<String, String> overrides) {
        return start(overrides, List.of());
    }

    /**
     * Starts a server whose health checks of the same names are replaced by {@code healthChecks} (see
     * {@link App#start(Config, List)}), e.g. a state store that the test switches down.
     */
    public static TestServer start(Map<String, String> overrides, List<HealthCheck> healthChecks) {
        Map<String, String> env = defaultEnvironment();
        overrides.forEach((key, value) -> {
            if (value == null) {
                env.remove(key);
            } else {
                env.put(key, value);
            }
        });
        Config config = Config.from(env);
        try {
            return new TestServer(App.start(config, healthChecks), config);
        } catch (Exception e) {
            throw new IllegalStateException("the test server did not start: " + e.getMessage(), e);
        }
    }

    public int port() {
        return app.port();
    }

    /** The running application, for counts that prove nothing leaks (open WebSockets, subscriptions). */
    public App app() {
        return app;
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return baseUri.toString();
    }

    /** {@code ws://127.0.0.1:<port>} + path, for WebSocket tests. */
    public URI wsUri(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + port() + pathAndQuery);
    }

    public Config config() {
        return config;
    }

    /** Raw HTTP against this server. */
    public Http http() {
        return api.http();
    }

    /** JSON API helpers against this server. */
    public ApiClient api() {
        return api;
    }

    /** Mints tokens with this server's secret and issuer (and deliberately broken ones). */
    public TestTokens tokens() {
        return new TestTokens(config.jwtSecret(), config.jwtIssuer());
    }

    @Override
    public void close() {
        try {
            app.close();
        } catch (Exception e) {
            throw new IllegalStateException("the test server did not stop cleanly", e);
        }
    }
}
