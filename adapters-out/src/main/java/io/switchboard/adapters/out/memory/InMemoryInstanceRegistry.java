package io.switchboard.adapters.out.memory;

import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.InstanceRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The instances of one process (in practice this one), each entry expiring {@code ttl} after its heartbeat. */
final class InMemoryInstanceRegistry implements InstanceRegistry {
    private record Stored(Entry entry, Instant expiresAt) {
    }

    private final Clock clock;
    private final Map<String, Stored> entries = new ConcurrentHashMap<>();

    InMemoryInstanceRegistry(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void heartbeat(Entry entry, Duration ttl) {
        Instant now = clock.now();
        Entry seen = new Entry(entry.instanceId(), entry.startedAt(), now, entry.connections(),
                entry.topicConnections(), entry.sessionConnections(), entry.draining());
        entries.put(entry.instanceId(), new Stored(seen, now.plus(ttl)));
    }

    @Override
    public List<Entry> live() {
        Instant now = clock.now();
        entries.values().removeIf(s -> !s.expiresAt().isAfter(now));
        return entries.values().stream().map(Stored::entry)
                .sorted(Comparator.comparing(Entry::startedAt).thenComparing(Entry::instanceId)).toList();
    }

    @Override
    public void remove(String instanceId) {
        entries.remove(instanceId);
    }
}
