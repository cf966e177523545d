package io.switchboard.adapters.out;

import io.switchboard.application.port.out.InstanceRegistry;
import io.switchboard.application.port.out.InstanceRegistry.Entry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link InstanceRegistry} promises: heartbeats list an instance, its TTL or a removal ends it. */
public abstract class InstanceRegistryContractTest {
    private static final Instant T0 = Instant.parse("2026-05-06T07:08:09.123Z");

    /** A fresh, empty registry. */
    protected abstract InstanceRegistry newRegistry();

    /** Lets {@code by} pass for a registry on a test clock (a registry on a real clock: nothing to do). */
    protected abstract void let(Duration by);

    /** The live ids, once they are {@code expected} (within 10 s: a real clock's TTL has to run out). */
    protected List<String> awaitLive(InstanceRegistry registry, String... expected) {
        List<String> wanted = List.of(expected);
        Await.until("the live instances are " + wanted, Duration.ofSeconds(10),
                () -> ids(registry).equals(wanted));
        return ids(registry);
    }

    private static List<String> ids(InstanceRegistry registry) {
        return registry.live().stream().map(Entry::instanceId).toList();
    }

    private InstanceRegistry registry;

    @BeforeEach
    void fresh() {
        registry = newRegistry();
    }

    private static Entry entry(String id, Instant startedAt, int connections, boolean draining) {
        return new Entry(id, startedAt, T0, connections, connections - 1, 1, draining);
    }

    @Test
    void heartbeats_list_each_instance_once_oldest_first_with_its_latest_numbers() {
        registry.heartbeat(entry("b", T0.plusSeconds(5), 3, false), Duration.ofMinutes(1));
        registry.heartbeat(entry("a", T0, 1, false), Duration.ofMinutes(1));
        registry.heartbeat(entry("b", T0.plusSeconds(5), 7, true), Duration.ofMinutes(1));

        List<Entry> live = registry.live();
        assertThat(live).extracting(Entry::instanceId).containsExactly("a", "b");
        Entry b = live.get(1);
        assertThat(b.startedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(b.connections()).isEqualTo(7);
        assertThat(b.topicConnections()).isEqualTo(6);
        assertThat(b.sessionConnections()).isEqualTo(1);
        assertThat(b.draining()).isTrue();
        assertThat(b.seenAt()).isNotNull();
    }

    @Test
    void an_entry_not_refreshed_within_its_ttl_is_gone_and_a_removed_one_at_once() throws Exception {
        registry.heartbeat(entry("dies", T0, 1, false), Duration.ofSeconds(2));
        registry.heartbeat(entry("lives", T0.plusSeconds(1), 1, false), Duration.ofMinutes(1));
        registry.heartbeat(entry("leaves", T0.plusSeconds(2), 1, false), Duration.ofMinutes(1));
        assertThat(registry.live()).extracting(Entry::instanceId).containsExactly("dies", "lives", "leaves");

        registry.remove("leaves");
        assertThat(registry.live()).extracting(Entry::instanceId).containsExactly("dies", "lives");

        let(Duration.ofMillis(2_100));
        assertThat(awaitLive(registry, "lives")).containsExactly("lives");
        registry.remove("never-there"); // nothing happens
        assertThat(registry.live()).extracting(Entry::instanceId).containsExactly("lives");
    }
}
