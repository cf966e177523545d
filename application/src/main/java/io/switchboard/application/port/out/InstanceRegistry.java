package io.switchboard.application.port.out;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The live instances of this deployment (GET /api/admin/instances): each instance writes its own entry every few
 * seconds; an entry not refreshed within its TTL (the instance died or froze) is no longer listed. In memory mode
 * the only instance is this one.
 */
public interface InstanceRegistry {
    /** What an instance last reported about itself; {@code seenAt} is when the registry stored it. */
    record Entry(String instanceId, Instant startedAt, Instant seenAt, int connections, int topicConnections,
                 int sessionConnections, boolean draining) {
    }

    /** Writes or refreshes this instance's entry, which expires {@code ttl} after this call unless refreshed. */
    void heartbeat(Entry entry, Duration ttl);

    /** The entries that have not expired, oldest instance first (then by id). */
    List<Entry> live();

    /** Removes an instance's entry at once (a clean shutdown). */
    void remove(String instanceId);
}
