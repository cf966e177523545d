package io.switchboard.client;

/** Told every state change of a connection, in order. */
@FunctionalInterface
public interface StateListener {
    /** {@code disconnect} is set for DISCONNECTED and CLOSED (null when the application closed it). */
    void onState(ConnectionState state, Disconnect disconnect);
}
