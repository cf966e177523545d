package io.switchboard.application.port.in.ops;

/** This instance's entry in the registry of live instances: refreshed every few seconds, removed at shutdown. */
public interface InstanceHeartbeatUseCase {
    void heartbeat();

    void leave();
}
