package io.switchboard.bootstrap.session;

import io.switchboard.adapters.out.redis.RedisServerFixture;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.ServerLog;
import io.switchboard.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The expiry scheduler logs through the server's logging (slf4j, LOG_LEVEL, the server's line format), not through
 * java.lang.System.Logger: when its passes fail (Redis is gone) and recover, both lines are in the server log.
 */
class SessionExpiryLogTest {
    private static final Duration RECOVERY = Duration.ofSeconds(15);
    private static final String LOGGER = "SessionExpiryScheduler";
    private static RedisServerFixture redis;
    private static TestServer server;

    @BeforeAll
    static void start() {
        redis = RedisServerFixture.startPersistent();
        Assumptions.assumeTrue(redis.canRestart(), "REDIS_URL names an external Redis, which this test cannot stop");
        server = TestServer.start(Map.of("REDIS_URL", redis.url(), "REDIS_KEY_PREFIX",
                RedisServerFixture.newKeyPrefix()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aFailingPassAndItsRecovery_areLoggedInTheServerLogFormat() {
        long failedBefore = count("WARN", "session expiry pass failed");
        long recoveredBefore = count("INFO", "session expiry passes work again");

        redis.kill();
        Await.until("a failed expiry pass in the server log", RECOVERY,
                () -> count("WARN", "session expiry pass failed") > failedBefore);
        redis.restart();
        Await.until("the recovery in the server log", RECOVERY,
                () -> count("INFO", "session expiry passes work again") > recoveredBefore);

        String line = ServerLog.lines().stream()
                .filter(l -> l.contains(LOGGER) && l.contains("session expiry passes work again"))
                .reduce((first, second) -> second).orElseThrow();
        // slf4j-simple's line: time, [thread], level, logger, message.
        assertThat(line).matches("^\\S+ \\[session-expiry\\] INFO io\\.switchboard\\.\\S*" + LOGGER + " - .*");
    }

    private static long count(String level, String text) {
        return ServerLog.lines().stream()
                .filter(l -> l.contains(" " + level + " ") && l.contains(LOGGER) && l.contains(text))
                .count();
    }
}
