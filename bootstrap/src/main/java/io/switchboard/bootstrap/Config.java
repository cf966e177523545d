package io.switchboard.bootstrap;

import io.switchboard.adapters.out.security.SecurityAdapters;
import io.switchboard.application.history.HistorySettings;
import io.switchboard.domain.publish.ServerCaller;
import io.switchboard.adapters.in.http.ClientAddresses;
import io.switchboard.domain.topic.TopicPattern;
import io.switchboard.domain.user.Email;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every setting of README.md "Configuration", read from the environment. A bad value stops start-up with a message
 * naming the variable. For every limit, 0 means no limit.
 */
public record Config(
        int port,
        String host,
        String redisUrl,
        String redisKeyPrefix,
        String jwtSecret,
        boolean jwtSecretGenerated,
        long jwtTtlSeconds,
        String jwtIssuer,
        List<String> adminEmails,
        List<String> corsOrigins,
        List<String> wsAllowedOrigins,
        long wsPingIntervalMs,
        long wsPingTimeoutMs,
        long wsAuthTimeoutMs,
        long wsMaxMessageSize,
        int wsMaxConnectionsPerIp,
        int wsMaxSubscriptions,
        int wsRateLimit,
        long wsRateWindowMs,
        long wsMaxQueuedBytes,
        int httpRateLimit,
        long httpRateWindowMs,
        long sessionTtlSeconds,
        long sessionMaxLifetimeSeconds,
        int sessionMaxPerOwner,
        int switchRateLimit,
        long shutdownTimeoutMs,
        String logLevel,
        int passwordHashIterations,
        long wsReauthGraceMs,
        int redisOutboxLimit,
        long redisOutboxMaxBytes,
        long redisInboundMaxBytes,
        int passwordHashConcurrency,
        String jwtJwksUrl,
        String jwtAudience,
        long jwtRefreshTtlSeconds,
        Map<String, byte[]> apiKeys,
        String trustedProxies,
        int wsMaxConnectionsPerUser,
        long wsUserConnectionTtlMs,
        String historyTopics,
        int historySize,
        long historyTtlSeconds,
        int historyReplayMax,
        int historyMaxTopics,
        List<String> presenceTopics,
        long presenceTtlMs,
        int presenceMaxAnnounced,
        long typingTtlMs,
        long presenceSweepIntervalMs,
        long instanceHeartbeatMs,
        int redisWaitReplicas,
        long redisWaitTimeoutMs) {

    /** REDIS_WAIT_TIMEOUT_MS's default: how long a state write waits for REDIS_WAIT_REPLICAS replicas. */
    public static final long DEFAULT_REDIS_WAIT_TIMEOUT_MS = 1_000;

    /** OWASP's 2023 floor for PBKDF2-HMAC-SHA256 is 600,000; see docs/decisions.md for the default chosen. */
    public static final int DEFAULT_PASSWORD_HASH_ITERATIONS = 210_000;
    /** docs/websocket.md: a fresh `auth` frame within 30 s continues a connection whose token expired. */
    public static final long DEFAULT_WS_REAUTH_GRACE_MS = 30_000;
    /** REDIS_OUTBOX_MAX_BYTES and REDIS_INBOUND_MAX_BYTES: 64 MiB each, so large payloads cannot exhaust the heap. */
    public static final long DEFAULT_REDIS_QUEUE_BYTES = 64L << 20;
    /** WS_USER_CONNECTION_TTL_MS: a user's connection stops counting this long after its instance's last heartbeat. */
    public static final long DEFAULT_WS_USER_CONNECTION_TTL_MS = 60_000;
    private static final long MAX_REDIS_QUEUE_BYTES = 1L << 40;
    /** JWT_REFRESH_TTL_SECONDS: a login's refresh tokens live 30 days (docs/decisions.md, "Token refresh"). */
    public static final long DEFAULT_JWT_REFRESH_TTL_SECONDS = 2_592_000;
    private static final Set<String> LOG_LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");

    /** API_KEYS: a secret is at least this long. */
    public static final int MIN_API_KEY_SECRET = 32;
    private static final int MAX_API_KEY_SECRET = 512;

    /**
     * API_KEYS as the server keeps it: key name -> SHA-256 digest of its secret, in the order given. The secrets
     * themselves are not kept (docs/api.md, "Publishing from your backend").
     */
    public Config {
        apiKeys = apiKeys == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(apiKeys));
        presenceTopics = presenceTopics == null ? DEFAULT_PRESENCE_TOPICS : List.copyOf(presenceTopics);
    }

    /** Thrown when a variable has a bad value; the message names it. */
    public static final class InvalidConfig extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidConfig(String variable, String problem) {
            super(variable + ": " + problem);
        }
    }

    public static Config fromEnvironment() {
        return from(System.getenv());
    }

    public static Config from(Map<String, String> env) {
        Reader r = new Reader(env);
        String redisUrl = r.string("REDIS_URL", null);
        String secret = r.string("JWT_SECRET", null);
        boolean generated = secret == null;
        if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new InvalidConfig("JWT_SECRET", "must be at least 32 bytes");
        }
        if (generated && redisUrl != null) {
            throw new InvalidConfig("JWT_SECRET", "is required when REDIS_URL is set (every instance must share it)");
        }
        if (redisUrl != null && !(redisUrl.startsWith("redis://") || redisUrl.startsWith("rediss://")
                || redisUrl.startsWith("redis-sentinel://") || redisUrl.startsWith("redis-cluster://")
                || redisUrl.startsWith("rediss-cluster://"))) {
            throw new InvalidConfig("REDIS_URL", "must start with redis://, rediss://, redis-sentinel://, "
                    + "redis-cluster:// or rediss-cluster://");
        }
        String redisKeyPrefix = r.string("REDIS_KEY_PREFIX", "sb:");
        if (redisKeyPrefix.contains("{") || redisKeyPrefix.contains("}")) {
            throw new InvalidConfig("REDIS_KEY_PREFIX", "must not contain '{' or '}' (the keys' hash tags follow it)");
        }
        String logLevel = r.string("LOG_LEVEL", "info").toLowerCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(logLevel)) {
            throw new InvalidConfig("LOG_LEVEL", "must be one of " + LOG_LEVELS);
        }
        long jwtTtl = r.number("JWT_TTL_SECONDS", 900, 1, 31_536_000);
        List<String> adminEmails = r.list("ADMIN_EMAILS");
        for (String email : adminEmails) {
            if (!Email.isValid(email)) {
                throw new InvalidConfig("ADMIN_EMAILS", "'" + email + "' is not a valid e-mail address");
            }
        }
        String jwksUrl = jwksUrl(r.string("JWT_JWKS_URL", null));
        String audience = r.string("JWT_AUDIENCE", null);
        if (jwksUrl != null && audience == null) {
            throw new InvalidConfig("JWT_AUDIENCE", "is required when JWT_JWKS_URL is set (the `aud` that the "
                    + "identity provider's tokens must name)");
        }
        return new Config(
                (int) r.number("PORT", 8080, 0, 65_535),
                r.string("HOST", "0.0.0.0"),
                redisUrl,
                redisKeyPrefix,
                secret,
                generated,
                jwtTtl,
                r.string("JWT_ISSUER", "switchboard"),
                adminEmails,
                r.list("CORS_ORIGINS").isEmpty() ? List.of("*") : r.list("CORS_ORIGINS"),
                r.list("WS_ALLOWED_ORIGINS"),
                r.number("WS_PING_INTERVAL_MS", 30_000, 0, Integer.MAX_VALUE),
                r.number("WS_PING_TIMEOUT_MS", 60_000, 0, Integer.MAX_VALUE),
                r.number("WS_AUTH_TIMEOUT_MS", 10_000, 0, Integer.MAX_VALUE),
                r.number("WS_MAX_MESSAGE_SIZE", 1_048_576, 0, Integer.MAX_VALUE),
                (int) r.number("WS_MAX_CONNECTIONS_PER_IP", 100, 0, Integer.MAX_VALUE),
                (int) r.number("WS_MAX_SUBSCRIPTIONS", 100, 0, Integer.MAX_VALUE),
                (int) r.number("WS_RATE_LIMIT", 100, 0, Integer.MAX_VALUE),
                r.number("WS_RATE_WINDOW_MS", 10_000, 1, Integer.MAX_VALUE),
                r.number("WS_MAX_QUEUED_BYTES", 1_048_576, 0, Long.MAX_VALUE),
                (int) r.number("HTTP_RATE_LIMIT", 600, 0, Integer.MAX_VALUE),
                r.number("HTTP_RATE_WINDOW_MS", 60_000, 1, Integer.MAX_VALUE),
                r.number("SESSION_TTL_SECONDS", 3600, 0, Integer.MAX_VALUE),
                r.number("SESSION_MAX_LIFETIME_SECONDS", 86_400, 0, Integer.MAX_VALUE),
                (int) r.number("SESSION_MAX_PER_OWNER", 100, 0, Integer.MAX_VALUE),
                (int) r.number("SWITCH_RATE_LIMIT", 10, 0, Integer.MAX_VALUE),
                r.number("SHUTDOWN_TIMEOUT_MS", 30_000, 0, Integer.MAX_VALUE),
                logLevel,
                (int) r.number("PASSWORD_HASH_ITERATIONS", DEFAULT_PASSWORD_HASH_ITERATIONS, 1_000, 10_000_000),
                // Not in the contract, which fixes the grace at 30 s: only tests shorten it (README, configuration).
                r.number("WS_REAUTH_GRACE_MS", DEFAULT_WS_REAUTH_GRACE_MS, 1, 3_600_000),
                (int) r.number("REDIS_OUTBOX_LIMIT", 10_000, 0, 10_000_000),
                // Not in the contract: byte bounds of the Redis pub/sub's queues (docs/operations.md); 0 = no byte bound.
                r.number("REDIS_OUTBOX_MAX_BYTES", DEFAULT_REDIS_QUEUE_BYTES, 0, MAX_REDIS_QUEUE_BYTES),
                r.number("REDIS_INBOUND_MAX_BYTES", DEFAULT_REDIS_QUEUE_BYTES, 0, MAX_REDIS_QUEUE_BYTES),
                (int) r.number("PASSWORD_HASH_CONCURRENCY", defaultPasswordHashConcurrency(), 1, 1_024),
                jwksUrl,
                audience,
                r.number("JWT_REFRESH_TTL_SECONDS", DEFAULT_JWT_REFRESH_TTL_SECONDS, 1, 31_536_000),
                apiKeys(r.list("API_KEYS")),
                trustedProxies(r),
                (int) r.number("WS_MAX_CONNECTIONS_PER_USER", 0, 0, Integer.MAX_VALUE),
                // Not in the contract: how long a user's connection counts in Redis without its instance's heartbeat.
                r.number("WS_USER_CONNECTION_TTL_MS", DEFAULT_WS_USER_CONNECTION_TTL_MS, 300, 3_600_000),
                historyTopics(env),
                (int) r.number("HISTORY_SIZE", HistorySettings.DEFAULT_SIZE, 0, 100_000),
                r.number("HISTORY_TTL_SECONDS", HistorySettings.DEFAULT_TTL_SECONDS, 1, 31_536_000),
                (int) r.number("HISTORY_REPLAY_MAX", HistorySettings.DEFAULT_REPLAY_MAX, 0, 1_000_000),
                // Not in the contract: the in-memory history's bound on topics (least recently published evicted).
                (int) r.number("HISTORY_MAX_TOPICS", HistorySettings.DEFAULT_MAX_TOPICS, 0, 10_000_000),
                presenceTopics(r),
                r.number("PRESENCE_TTL_MS", 30_000, 300, 3_600_000),
                (int) r.number("PRESENCE_MAX_ANNOUNCED", 1_000, 0, Integer.MAX_VALUE),
                r.number("TYPING_TTL_MS", 6_000, 100, 3_600_000),
                // Not in the contract: how often each instance sweeps expired presence entries (docs/operations.md).
                r.number("PRESENCE_SWEEP_INTERVAL_MS", 5_000, 100, 3_600_000),
                // Not in the contract: how often each instance refreshes its entry in the instance registry
                // (GET /api/admin/instances); an entry lives three intervals.
                r.number("INSTANCE_HEARTBEAT_MS", 5_000, 100, 600_000),
                (int) r.number("REDIS_WAIT_REPLICAS", 0, 0, 16),
                // WAIT's timeout; below the 2 s command timeout, so a missing replica answers 503 before the command
                // itself times out
                r.number("REDIS_WAIT_TIMEOUT_MS", DEFAULT_REDIS_WAIT_TIMEOUT_MS, 1, 1_900));
    }

    /** HISTORY_TOPICS: comma-separated patterns; unset = the default; set but empty (e.g. " ") = none. */
    private static String historyTopics(Map<String, String> env) {
        String value = env.get("HISTORY_TOPICS");
        if (value == null) {
            return HistorySettings.DEFAULT_TOPICS;
        }
        try {
            HistorySettings.parse(value);
        } catch (RuntimeException e) {
            throw new InvalidConfig("HISTORY_TOPICS", "must be comma-separated topic patterns: " + e.getMessage());
        }
        return value.trim();
    }

    /** The history settings (docs/history-and-recovery.md). */
    public HistorySettings history() {
        return new HistorySettings(HistorySettings.parse(historyTopics), historySize,
                java.time.Duration.ofSeconds(historyTtlSeconds), historyReplayMax, historyMaxTopics);
    }

    /** PRESENCE_TOPICS: comma-separated topic patterns whose exact subscriptions make users present. */
    private static List<String> presenceTopics(Reader r) {
        List<String> patterns = r.list("PRESENCE_TOPICS");
        if (patterns.isEmpty()) {
            return DEFAULT_PRESENCE_TOPICS;
        }
        for (String pattern : patterns) {
            try {
                TopicPattern.parse(pattern);
            } catch (RuntimeException e) {
                throw new InvalidConfig("PRESENCE_TOPICS", "'" + pattern + "' is not a topic pattern");
            }
        }
        return patterns;
    }

    public static final List<String> DEFAULT_PRESENCE_TOPICS = List.of("messages.channel.*", "public.**");

    /** TRUSTED_PROXIES: comma-separated IPs or CIDR blocks (IPv4, IPv6); empty = trust no proxy. */
    private static String trustedProxies(Reader r) {
        String value = String.join(",", r.list("TRUSTED_PROXIES"));
        try {
            ClientAddresses.parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfig("TRUSTED_PROXIES", e.getMessage());
        }
        return value;
    }

    /** Two hashes per core: PBKDF2 is pure CPU, so more at once only makes each slower. */
    static int defaultPasswordHashConcurrency() {
        return Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
    }

    /** JWT_JWKS_URL: an absolute http:// or https:// URL with a host, or unset. */
    private static String jwksUrl(String value) {
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return value;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new InvalidConfig("JWT_JWKS_URL", "must be an http:// or https:// URL, got '" + value + "'");
    }

    /**
     * API_KEYS: comma-separated {@code name:secret} pairs; names 1..64 of [A-Za-z0-9_.-], unique; secrets 32..512
     * visible ASCII characters without a comma, unique. A message about a bad entry names the entry by its position
     * and name, never by its secret.
     */
    private static Map<String, byte[]> apiKeys(List<String> entries) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        Set<String> digests = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            int colon = entry.indexOf(':');
            String where = "entry " + (i + 1);
            if (colon < 0) {
                throw new InvalidConfig("API_KEYS", where + " must be name:secret");
            }
            String name = entry.substring(0, colon).trim();
            String secret = entry.substring(colon + 1).trim();
            if (!ServerCaller.ApiKey.NAME.matcher(name).matches()) {
                throw new InvalidConfig("API_KEYS", where + ": a key name is 1 to 64 characters of [A-Za-z0-9_.-]");
            }
            where += " (" + name + ")";
            if (keys.containsKey(name)) {
                throw new InvalidConfig("API_KEYS", where + ": the name is given twice");
            }
            if (secret.length() < MIN_API_KEY_SECRET || secret.length() > MAX_API_KEY_SECRET
                    || !secret.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new InvalidConfig("API_KEYS", where + ": a secret is " + MIN_API_KEY_SECRET + " to "
                        + MAX_API_KEY_SECRET + " visible ASCII characters (no spaces, no commas)");
            }
            byte[] digest = SecurityAdapters.apiKeyDigest(secret);
            if (!digests.add(HexFormat.of().formatHex(digest))) {
                throw new InvalidConfig("API_KEYS", where + ": the secret is the same as another key's");
            }
            keys.put(name, digest);
        }
        return keys;
    }

    /** The effective configuration for the start-up log line: secrets masked, the Redis password hidden. */
    public String describe() {
        return "port=" + port + " host=" + host
                + " store=" + (redisUrl == null ? "memory" : "redis(" + maskUrl(redisUrl) + ", prefix=" + redisKeyPrefix + ")")
                + " jwtSecret=" + (jwtSecretGenerated ? "generated" : "set(masked)")
                + " jwtTtlSeconds=" + jwtTtlSeconds + " jwtRefreshTtlSeconds=" + jwtRefreshTtlSeconds
                + " jwtIssuer=" + jwtIssuer
                + " adminEmails=" + adminEmails.size() + " corsOrigins=" + corsOrigins
                + " wsAllowedOrigins=" + (wsAllowedOrigins.isEmpty() ? "any" : wsAllowedOrigins)
                + " wsPingIntervalMs=" + wsPingIntervalMs + " wsPingTimeoutMs=" + wsPingTimeoutMs
                + " wsAuthTimeoutMs=" + wsAuthTimeoutMs + " wsMaxMessageSize=" + wsMaxMessageSize
                + " wsMaxConnectionsPerIp=" + wsMaxConnectionsPerIp + " wsMaxSubscriptions=" + wsMaxSubscriptions
                + " wsRateLimit=" + wsRateLimit + "/" + wsRateWindowMs + "ms wsMaxQueuedBytes=" + wsMaxQueuedBytes
                + " httpRateLimit=" + httpRateLimit + "/" + httpRateWindowMs + "ms"
                + " sessionTtlSeconds=" + sessionTtlSeconds + " sessionMaxLifetimeSeconds=" + sessionMaxLifetimeSeconds
                + " sessionMaxPerOwner=" + sessionMaxPerOwner + " switchRateLimit=" + switchRateLimit
                + " shutdownTimeoutMs=" + shutdownTimeoutMs + " logLevel=" + logLevel
                + " passwordHashIterations=" + passwordHashIterations
                + " passwordHashConcurrency=" + passwordHashConcurrency + " wsReauthGraceMs=" + wsReauthGraceMs
                + (jwtJwksUrl == null ? "" : " jwtJwksUrl=" + maskUrl(jwtJwksUrl) + " jwtAudience=" + jwtAudience)
                + " apiKeys=" + apiKeys.keySet()
                + " trustedProxies=" + (trustedProxies.isEmpty() ? "none" : "[" + trustedProxies + "]")
                + " wsMaxConnectionsPerUser=" + wsMaxConnectionsPerUser
                + " historyTopics=[" + historyTopics + "] historySize=" + historySize + " historyTtlSeconds="
                + historyTtlSeconds + " historyReplayMax=" + historyReplayMax + " historyMaxTopics=" + historyMaxTopics
                + " presenceTopics=" + presenceTopics + " presenceTtlMs=" + presenceTtlMs
                + " presenceMaxAnnounced=" + presenceMaxAnnounced + " typingTtlMs=" + typingTtlMs
                + " presenceSweepIntervalMs=" + presenceSweepIntervalMs + " instanceHeartbeatMs=" + instanceHeartbeatMs
                + (redisUrl == null ? "" : " redisOutboxLimit=" + redisOutboxLimit
                        + " redisOutboxMaxBytes=" + redisOutboxMaxBytes + " redisInboundMaxBytes=" + redisInboundMaxBytes
                        + " wsUserConnectionTtlMs=" + wsUserConnectionTtlMs
                        + " redisWaitReplicas=" + redisWaitReplicas + " redisWaitTimeoutMs=" + redisWaitTimeoutMs);
    }

    @Override
    public String toString() {
        return "Config[" + describe() + "]";
    }

    static String maskUrl(String url) {
        return url.replaceAll("//[^@/]*@", "//***@");
    }

    private record Reader(Map<String, String> env) {
        String string(String name, String defaultValue) {
            String value = env.get(name);
            return value == null || value.isBlank() ? defaultValue : value.trim();
        }

        long number(String name, long defaultValue, long min, long max) {
            String value = string(name, null);
            if (value == null) {
                return defaultValue;
            }
            long parsed;
            try {
                parsed = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new InvalidConfig(name, "must be a whole number, got '" + value + "'");
            }
            if (parsed < min || parsed > max) {
                throw new InvalidConfig(name, "must be between " + min + " and " + max + ", got " + parsed);
            }
            return parsed;
        }

        List<String> list(String name) {
            String value = string(name, null);
            if (value == null) {
                return List.of();
            }
            return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
    }
}
