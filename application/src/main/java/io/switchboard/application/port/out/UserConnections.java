package io.switchboard.application.port.out;

import io.switchboard.domain.user.UserId;

/**
 * The open WebSocket connections of each user, for WS_MAX_CONNECTIONS_PER_USER: counted in this process, or across
 * all instances when Redis is used. The cap is the adapter's (0 = no limit).
 */
public interface UserConnections {
    /**
     * Records connection {@code connectionId} of {@code user} unless the user already holds the cap; recording the
     * same connection again changes nothing and succeeds.
     *
     * @return true when recorded (or already recorded), false when the user is at the cap (nothing recorded)
     */
    boolean tryAdd(UserId user, String connectionId);

    /** Forgets a connection; forgetting one that is not recorded does nothing. */
    void remove(UserId user, String connectionId);

    /** The user's connections counted now. */
    int count(UserId user);

    /** No cap and nothing recorded (WS_MAX_CONNECTIONS_PER_USER=0): every connection is accepted, counts are 0. */
    static UserConnections unlimited() {
        return Unlimited.INSTANCE;
    }

    /** See {@link #unlimited()}. */
    enum Unlimited implements UserConnections {
        INSTANCE;

        @Override
        public boolean tryAdd(UserId user, String connectionId) {
            return true;
        }

        @Override
        public void remove(UserId user, String connectionId) {
        }

        @Override
        public int count(UserId user) {
            return 0;
        }
    }
}
