package io.switchboard.adapters.out.redis;

/** Small helpers shared by the Redis tests. */
final class RedisTesting {
    private RedisTesting() {
    }

    /** Closes the connection, then the server; either may be null when starting failed. */
    static void closeAll(RedisConnection connection, RedisServerFixture redis) {
        try {
            if (connection != null) {
                connection.close();
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }
}
