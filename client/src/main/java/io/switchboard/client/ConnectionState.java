package io.switchboard.client;

/** Where a connection is in its life. */
public enum ConnectionState {
    /** Opening a socket (first time or after a drop). */
    CONNECTING,
    /** Open and ready: authenticated (topic dialect) or CONNECTED received (session dialect). */
    CONNECTED,
    /** Lost; a reconnect is scheduled ({@link Disconnect#retryIn()}). */
    DISCONNECTED,
    /** Over for good: closed by the application, or a terminal close (bad token, session deleted). */
    CLOSED
}
