package io.switchboard.application.service.ops;

import io.switchboard.application.port.in.ops.InspectInstanceUseCase;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.LiveConnections;
import io.switchboard.application.realtime.LiveConnection;
import io.switchboard.domain.common.Page;
import io.switchboard.domain.common.PageRequest;
import io.switchboard.domain.failure.Forbidden;
import io.switchboard.domain.user.Caller;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/** {@link InspectInstanceUseCase} over this instance's {@link LiveConnections}. */
public final class InstanceInspectionService implements InspectInstanceUseCase {
    private final LiveConnections connections;
    private final Clock clock;
    private final String instanceId;
    private final Instant startedAt;
    private final BooleanSupplier draining;

    public InstanceInspectionService(LiveConnections connections, Clock clock, String instanceId, Instant startedAt,
                                     BooleanSupplier draining) {
        this.connections = connections;
        this.clock = clock;
        this.instanceId = instanceId;
        this.startedAt = startedAt;
        this.draining = draining;
    }

    @Override
    public InstanceInfo instance(Caller caller) {
        requireAdmin(caller);
        List<LiveConnection> all = connections.snapshot();
        int topic = (int) all.stream().filter(c -> c.dialect().equals("topic")).count();
        return new InstanceInfo(instanceId, startedAt, clock.now(), all.size(), topic, all.size() - topic,
                draining.getAsBoolean());
    }

    @Override
    public Page<LiveConnection> connections(Caller caller, String userId, PageRequest page) {
        requireAdmin(caller);
        List<LiveConnection> all = connections.snapshot().stream()
                .filter(c -> userId == null || userId.equals(c.userId())).toList();
        return page(all, page);
    }

    @Override
    public Page<TopicUsage> topics(Caller caller, String prefix, PageRequest page) {
        requireAdmin(caller);
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Set<String>> users = new HashMap<>();
        for (LiveConnection c : connections.snapshot()) {
            for (String topic : new HashSet<>(c.subscriptions())) {
                if (prefix != null && !topic.startsWith(prefix)) {
                    continue;
                }
                counts.merge(topic, 1, Integer::sum);
                if (c.userId() != null) {
                    users.computeIfAbsent(topic, t -> new HashSet<>()).add(c.userId());
                }
            }
        }
        List<TopicUsage> all = counts.entrySet().stream().map(e -> new TopicUsage(e.getKey(), e.getValue(),
                users.getOrDefault(e.getKey(), Set.of()).size())).toList();
        return page(all, page);
    }

    private static <T> Page<T> page(List<T> all, PageRequest page) {
        int from = (int) Math.min(all.size(), page.offset());
        int to = Math.min(all.size(), from + page.limit());
        return new Page<>(all.subList(from, to), page.page(), page.limit(), all.size());
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.isAdmin()) {
            throw new Forbidden("NOT_ALLOWED", "only admins may inspect the server");
        }
    }
}
