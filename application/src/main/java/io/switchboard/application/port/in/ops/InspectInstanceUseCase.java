package io.switchboard.application.port.in.ops;

import io.switchboard.application.realtime.LiveConnection;
import io.switchboard.domain.common.Page;
import io.switchboard.domain.common.PageRequest;
import io.switchboard.domain.user.Caller;

import java.time.Instant;

/**
 * The admin pages' pull APIs (GET /api/admin/instance, /instances, /connections, /topics): what this instance holds now, a page
 * at a time. Admins only; anyone else gets 5 NOT_ALLOWED.
 */
public interface InspectInstanceUseCase {
    /** This instance: its id, when it started, and its open connections by dialect. */
    record InstanceInfo(String instanceId, Instant startedAt, Instant now, int connections, int topicConnections,
                        int sessionConnections, boolean draining) {
    }

    /** A topic or pattern subscribed on this instance, with how many connections and distinct users hold it. */
    record TopicUsage(String topic, int connections, int users) {
    }

    /** A live instance of the deployment, as it last reported itself; {@code self} is the one answering. */
    record LiveInstance(String instanceId, Instant startedAt, Instant lastSeenAt, int connections,
                        int topicConnections, int sessionConnections, boolean draining, boolean self) {
    }

    InstanceInfo instance(Caller caller);

    /** Every live instance (in memory mode: this one), oldest first. */
    Page<LiveInstance> instances(Caller caller, PageRequest page);

    /** Open connections, oldest first; only {@code userId}'s when it is given. */
    Page<LiveConnection> connections(Caller caller, String userId, PageRequest page);

    /** Subscribed topics and patterns in name order; only those starting with {@code prefix} when it is given. */
    Page<TopicUsage> topics(Caller caller, String prefix, PageRequest page);
}
