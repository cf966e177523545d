package io.switchboard.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Config.from: README.md "Configuration" defaults, and a bad value stops start-up naming the variable. */
class ConfigTest {
    private static final String SECRET = "a-secret-that-is-certainly-thirty-two-bytes-long";

    @Test
    void anEmptyEnvironment_givesTheContractsDefaults() {
        Config config = Config.from(Map.of());

        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.redisUrl()).isNull();
        assertThat(config.redisKeyPrefix()).isEqualTo("sb:");
        assertThat(config.jwtSecret()).isNull();
        assertThat(config.jwtSecretGenerated()).isTrue();
        assertThat(config.jwtTtlSeconds()).isEqualTo(900);
        assertThat(config.jwtIssuer()).isEqualTo("switchboard");
        assertThat(config.adminEmails()).isEmpty();
        assertThat(config.corsOrigins()).containsExactly("*");
        assertThat(config.wsAllowedOrigins()).isEmpty();
        assertThat(config.wsPingIntervalMs()).isEqualTo(30_000);
        assertThat(config.wsPingTimeoutMs()).isEqualTo(60_000);
        assertThat(config.wsAuthTimeoutMs()).isEqualTo(10_000);
        assertThat(config.wsMaxMessageSize()).isEqualTo(1_048_576);
        assertThat(config.wsMaxConnectionsPerIp()).isEqualTo(100);
        assertThat(config.wsMaxSubscriptions()).isEqualTo(100);
        assertThat(config.wsRateLimit()).isEqualTo(100);
        assertThat(config.wsRateWindowMs()).isEqualTo(10_000);
        assertThat(config.wsMaxQueuedBytes()).isEqualTo(1_048_576);
        assertThat(config.httpRateLimit()).isEqualTo(600);
        assertThat(config.httpRateWindowMs()).isEqualTo(60_000);
        assertThat(config.sessionTtlSeconds()).isEqualTo(3600);
        assertThat(config.sessionMaxLifetimeSeconds()).isEqualTo(86_400);
        assertThat(config.sessionMaxPerOwner()).isEqualTo(100);
        assertThat(config.switchRateLimit()).isEqualTo(10);
        assertThat(config.shutdownTimeoutMs()).isEqualTo(30_000);
        assertThat(config.logLevel()).isEqualTo("info");
        assertThat(config.wsReauthGraceMs()).as("the contract's 30 s").isEqualTo(30_000);
    }

    @Test
    void givenValuesAreRead_listsSplitOnCommasAndTrimmed() {
        Config config = Config.from(Map.of("PORT", "9090", "HOST", " 127.0.0.1 ", "JWT_SECRET", SECRET,
                "ADMIN_EMAILS", " a@x.test, ,b@x.test ", "CORS_ORIGINS", "https://a.example,https://b.example",
                "HTTP_RATE_LIMIT", "0", "LOG_LEVEL", "DEBUG"));

        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.jwtSecret()).isEqualTo(SECRET);
        assertThat(config.jwtSecretGenerated()).isFalse();
        assertThat(config.adminEmails()).containsExactly("a@x.test", "b@x.test");
        assertThat(config.corsOrigins()).containsExactly("https://a.example", "https://b.example");
        assertThat(config.httpRateLimit()).as("0 means no limit and is allowed").isZero();
        assertThat(config.logLevel()).isEqualTo("debug");
    }

    @Test
    void jwtRefreshTtlSeconds_defaultsTo30Days_andABadValueStopsStartUpNamingIt() {
        assertThat(Config.from(Map.of()).jwtRefreshTtlSeconds()).isEqualTo(2_592_000);
        assertThat(Config.from(Map.of("JWT_REFRESH_TTL_SECONDS", "60")).jwtRefreshTtlSeconds()).isEqualTo(60);
        for (String bad : new String[] {"0", "-1", "month", "31536001"}) {
            assertThatThrownBy(() -> Config.from(Map.of("JWT_REFRESH_TTL_SECONDS", bad)))
                    .isInstanceOf(Config.InvalidConfig.class).hasMessageStartingWith("JWT_REFRESH_TTL_SECONDS:");
        }
    }

    @Test
    void trustedProxiesTakeIpv4Ipv6AndCidrBlocks_andDefaultToNone() {
        assertThat(Config.from(Map.of()).trustedProxies()).isEmpty();
        assertThat(Config.from(Map.of()).wsMaxConnectionsPerUser()).isZero();
        assertThat(Config.from(Map.of("TRUSTED_PROXIES", " 10.0.0.0/8, ::1 ,2001:db8::/32")).trustedProxies())
                .isEqualTo("10.0.0.0/8,::1,2001:db8::/32");
    }

    @Test
    void aBlankValue_countsAsUnset() {
        assertThat(Config.from(Map.of("PORT", "  ")).port()).isEqualTo(8080);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "PORT|abc", "PORT|-1", "PORT|65536", "PORT|80.5",
            "JWT_TTL_SECONDS|0", "JWT_TTL_SECONDS|soon",
            "WS_PING_INTERVAL_MS|-5", "WS_PING_TIMEOUT_MS|x", "WS_AUTH_TIMEOUT_MS|-1", "WS_MAX_MESSAGE_SIZE|1MB",
            "WS_MAX_CONNECTIONS_PER_IP|-1", "WS_MAX_SUBSCRIPTIONS|many", "WS_RATE_LIMIT|-3", "WS_RATE_WINDOW_MS|0",
            "WS_MAX_QUEUED_BYTES|-1", "HTTP_RATE_LIMIT|-1", "HTTP_RATE_LIMIT|ten", "HTTP_RATE_WINDOW_MS|0",
            "SESSION_TTL_SECONDS|-1", "SESSION_MAX_LIFETIME_SECONDS|-1", "SESSION_MAX_LIFETIME_SECONDS|a day",
            "SESSION_MAX_PER_OWNER|-1", "SESSION_MAX_PER_OWNER|1.5", "SWITCH_RATE_LIMIT|1.5", "SHUTDOWN_TIMEOUT_MS|-100",
            "PASSWORD_HASH_ITERATIONS|999", "PASSWORD_HASH_ITERATIONS|lots",
            "PASSWORD_HASH_CONCURRENCY|0", "PASSWORD_HASH_CONCURRENCY|1025", "PASSWORD_HASH_CONCURRENCY|many",
            "WS_REAUTH_GRACE_MS|0", "WS_REAUTH_GRACE_MS|soon",
            "TRUSTED_PROXIES|localhost", "TRUSTED_PROXIES|10.0.0.0/33", "TRUSTED_PROXIES|10.0.0.1;10.0.0.2",
            "TRUSTED_PROXIES|2001:db8::/129", "WS_MAX_CONNECTIONS_PER_USER|-1", "WS_MAX_CONNECTIONS_PER_USER|two",
            "WS_USER_CONNECTION_TTL_MS|0", "WS_USER_CONNECTION_TTL_MS|soon",
            "LOG_LEVEL|loud", "JWT_SECRET|too-short",
            "HTTP_RATE_LIMIT|99999999999999999999"})
    void aBadValue_stopsStartUp_namingTheVariable(String variable, String value) {
        Map<String, String> env = new HashMap<>();
        env.put(variable, value);

        assertThatThrownBy(() -> Config.from(env))
                .isInstanceOf(Config.InvalidConfig.class)
                .hasMessageStartingWith(variable + ":");
    }

    @Test
    void aRedisUrlThatIsNotRedis_isRefusedNamingRedisUrl() {
        assertThatThrownBy(() -> Config.from(Map.of("REDIS_URL", "http://localhost:6379", "JWT_SECRET", SECRET)))
                .isInstanceOf(Config.InvalidConfig.class).hasMessageStartingWith("REDIS_URL:");
    }

    @Test
    void clusterAndSentinelUrls_areAccepted_andTheirPasswordsHidden() {
        for (String url : List.of("redis-cluster://:hunter2@10.0.0.1:7000,10.0.0.2:7000",
                "rediss-cluster://10.0.0.1:7000", "redis-sentinel://:hunter2@10.0.0.1:26379#mymaster")) {
            Config config = Config.from(Map.of("REDIS_URL", url, "JWT_SECRET", SECRET));
            assertThat(config.redisUrl()).isEqualTo(url);
            assertThat(config.describe()).doesNotContain("hunter2");
        }
    }

    @Test
    void redisWaitReplicas_defaultsToNone_andIsBounded() {
        Config config = Config.from(Map.of("JWT_SECRET", SECRET));
        assertThat(config.redisWaitReplicas()).isZero();
        assertThat(config.redisWaitTimeoutMs()).isEqualTo(Config.DEFAULT_REDIS_WAIT_TIMEOUT_MS);
        assertThat(Config.from(Map.of("REDIS_WAIT_REPLICAS", "1")).redisWaitReplicas()).isEqualTo(1);
        assertThatThrownBy(() -> Config.from(Map.of("REDIS_WAIT_REPLICAS", "-1")))
                .hasMessageStartingWith("REDIS_WAIT_REPLICAS:");
        assertThatThrownBy(() -> Config.from(Map.of("REDIS_WAIT_TIMEOUT_MS", "5000")))
                .hasMessageStartingWith("REDIS_WAIT_TIMEOUT_MS:");
    }

    @Test
    void aKeyPrefixWithABrace_isRefused_itWouldBreakTheHashTags() {
        assertThatThrownBy(() -> Config.from(Map.of("REDIS_KEY_PREFIX", "app{1}:")))
                .hasMessageStartingWith("REDIS_KEY_PREFIX:");
    }

    @Test
    void aRedisUrlWithoutAJwtSecret_isRefusedNamingJwtSecret() {
        assertThatThrownBy(() -> Config.from(Map.of("REDIS_URL", "redis://localhost:6379")))
                .isInstanceOf(Config.InvalidConfig.class).hasMessageStartingWith("JWT_SECRET:");
    }

    @Test
    void aJwtSecretOfExactly32Bytes_isAccepted_countedInUtf8Bytes() {
        assertThat(Config.from(Map.of("JWT_SECRET", "x".repeat(32))).jwtSecret()).hasSize(32);
        // 16 two-byte characters are 32 bytes; 31 ASCII characters are not enough.
        assertThat(Config.from(Map.of("JWT_SECRET", "é".repeat(16))).jwtSecretGenerated()).isFalse();
        assertThatThrownBy(() -> Config.from(Map.of("JWT_SECRET", "x".repeat(31))))
                .hasMessageStartingWith("JWT_SECRET:");
    }

    @Test
    void theMessage_saysWhatIsWrongWithTheValue() {
        assertThatThrownBy(() -> Config.from(Map.of("PORT", "eighty")))
                .hasMessageContaining("eighty").hasMessageContaining("number");
    }

    @Test
    void theDescription_neverShowsTheJwtSecretOrARedisPassword() {
        Config config = Config.from(Map.of("JWT_SECRET", SECRET, "REDIS_URL", "redis://user:hunter2@redis:6379/0"));

        assertThat(config.describe()).doesNotContain(SECRET).doesNotContain("hunter2").contains("redis:6379");
        assertThat(config.toString()).doesNotContain(SECRET).doesNotContain("hunter2");
    }

    @Test
    void anAdminEmailThatIsNotAnEmail_stopsStartUp_ratherThanSilentlyGrantingNoOne() {
        assertThatThrownBy(() -> Config.from(Map.of("ADMIN_EMAILS", "root@switchboard.test, root@localhost")))
                .isInstanceOf(Config.InvalidConfig.class)
                .hasMessageStartingWith("ADMIN_EMAILS:").hasMessageContaining("root@localhost");
    }

    @Test
    void theRedisQueueByteBounds_default64MiB_acceptZeroForNone_andRefuseBadValues() {
        Config defaults = Config.from(Map.of());
        assertThat(defaults.redisOutboxMaxBytes()).isEqualTo(64L << 20);
        assertThat(defaults.redisInboundMaxBytes()).isEqualTo(64L << 20);
        Config none = Config.from(Map.of("REDIS_OUTBOX_MAX_BYTES", "0", "REDIS_INBOUND_MAX_BYTES", "0"));
        assertThat(none.redisOutboxMaxBytes()).isZero();
        assertThat(none.redisInboundMaxBytes()).isZero();

        for (String variable : List.of("REDIS_OUTBOX_MAX_BYTES", "REDIS_INBOUND_MAX_BYTES")) {
            for (String bad : List.of("-1", "64MiB", "99999999999999999999")) {
                assertThatThrownBy(() -> Config.from(Map.of(variable, bad)))
                        .isInstanceOf(Config.InvalidConfig.class).hasMessageStartingWith(variable + ":");
            }
        }
    }

    @Test
    void apiKeys_areKeptByNameAsDigests_neverAsSecrets() {
        String first = "k".repeat(32);
        String second = "s3cr:t-with-a-colon-0123456789abcdef";
        Config config = Config.from(Map.of("API_KEYS", " notifier:" + first + " , billing.v2:" + second));

        assertThat(config.apiKeys()).containsOnlyKeys("notifier", "billing.v2");
        assertThat(config.apiKeys().get("notifier")).hasSize(32).isNotEqualTo(first.getBytes());
        assertThat(config.describe()).contains("apiKeys=[notifier, billing.v2]").doesNotContain(first)
                .doesNotContain(second);
        assertThat(Config.from(Map.of()).apiKeys()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "notifier",
            "notifier:short",
            ":0123456789abcdef0123456789abcdef",
            "bad name:0123456789abcdef0123456789abcdef",
            "a:0123456789abcdef0123456789abcdef,a:fedcba9876543210fedcba9876543210",
            "a:0123456789abcdef0123456789abcdef,b:0123456789abcdef0123456789abcdef",
            "a:0123456789abcdef 0123456789abcdef"})
    void aBadApiKeysValue_stopsStartUpNamingTheVariable_withoutShowingASecret(String value) {
        assertThatThrownBy(() -> Config.from(Map.of("API_KEYS", value)))
                .isInstanceOf(Config.InvalidConfig.class)
                .hasMessageStartingWith("API_KEYS: ")
                .hasMessageNotContaining("0123456789abcdef")
                .hasMessageNotContaining("short");
    }
}
