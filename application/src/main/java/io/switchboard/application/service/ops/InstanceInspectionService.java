package io.switchboard.application.service.ops;

import io.switchboard.application.port.in.ops.InspectInstanceUseCase;
import io.switchboard.application.port.in.ops.InstanceHeartbeatUseCase;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.InstanceRegistry;
import io.switchboard.application.port.out.LiveConnections;
import io.switchboard.application.realtime.LiveConnection;
import io.switchboard.domain.common.Page;
import io.switchboard.domain.common.PageRequest;
import io.switchboard.domain.failure.Forbidden;
import io.switchboard.domain.user.Caller;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * {@link InspectInstanceUseCase} over this instance's {@link LiveConnections}, and this instance's entry in the
 * {@link InstanceRegistry} of live instances ({@link InstanceHeartbeatUseCase}).
 */
public final class InstanceInspectionService implements InspectInstanceUseCase, InstanceHeartbeatUseCase {
    private final LiveConnections connections;
    private final Clock clock;
    private final String instanceId;
    private final Instant startedAt;
    private final BooleanSupplier draining;
    private final InstanceRegistry registry;
    private final Duration registryTtl;

    /** Alone: the instance list is this instance only. */
    public InstanceInspectionService(LiveConnections connections, Clock clock, String instanceId, Instant startedAt,
                                     BooleanSupplier draining) {
        this(connections, clock, instanceId, startedAt, draining, null, Duration.ZERO);
    }

    /** @param registry the live instances, refreshed by {@link #heartbeat}, each entry living {@code registryTtl} */
    public InstanceInspectionService(LiveConnections connections, Clock clock, String instanceId, Instant startedAt,
                                     BooleanSupplier draining, InstanceRegistry registry, Duration registryTtl) {
        this.registry = registry;
        this.registryTtl = registryTtl;
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
    public Page<LiveInstance> instances(Caller caller, PageRequest page) {
        requireAdmin(caller);
        InstanceInfo self = instance(caller);
        List<LiveInstance> all = new ArrayList<>();
        boolean selfListed = false;
        for (InstanceRegistry.Entry e : registry == null ? List.<InstanceRegistry.Entry>of() : registry.live()) {
            if (e.instanceId().equals(instanceId)) {
                selfListed = true; // this instance's own numbers are read now, not from its last heartbeat
                all.add(new LiveInstance(instanceId, startedAt, self.now(), self.connections(),
                        self.topicConnections(), self.sessionConnections(), self.draining(), true));
            } else {
                all.add(new LiveInstance(e.instanceId(), e.startedAt(), e.seenAt(), e.connections(),
                        e.topicConnections(), e.sessionConnections(), e.draining(), false));
            }
        }
        if (!selfListed) { // before its first heartbeat, or while the registry cannot be written
            all.add(new LiveInstance(instanceId, startedAt, self.now(), self.connections(), self.topicConnections(),
                    self.sessionConnections(), self.draining(), true));
            all.sort(Comparator.comparing(LiveInstance::startedAt).thenComparing(LiveInstance::instanceId));
        }
        return page(all, page);
    }

    @Override
    public void heartbeat() {
        if (registry == null) {
            return;
        }
        List<LiveConnection> all = connections.snapshot();
        int topic = (int) all.stream().filter(c -> c.dialect().equals("topic")).count();
        registry.heartbeat(new InstanceRegistry.Entry(instanceId, startedAt, clock.now(), all.size(), topic,
                all.size() - topic, draining.getAsBoolean()), registryTtl);
    }

    @Override
    public void leave() {
        if (registry != null) {
            registry.remove(instanceId);
        }
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
