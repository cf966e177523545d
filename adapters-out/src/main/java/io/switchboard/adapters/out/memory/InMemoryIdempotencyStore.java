package io.switchboard.adapters.out.memory;

import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.IdempotencyStore;
import io.switchboard.application.publish.PublishOutcome;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Idempotency keys of one process: a map in claim order, bounded to {@code maxEntries}. Entries end with their window
 * (checked on use, and the oldest are swept as new ones come); when the map is full of live entries the oldest is
 * evicted (a repeat of its key after that publishes again; the bound keeps memory flat under a flood of keys).
 */
final class InMemoryIdempotencyStore implements IdempotencyStore {
    private record Entry(Instant expiresAt, PublishOutcome outcome) {
    }

    private final Clock clock;
    private final Duration window;
    private final int maxEntries;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(); // guarded by this

    InMemoryIdempotencyStore(Clock clock, Duration window, int maxEntries) {
        if (window.isNegative() || window.isZero() || maxEntries < 1) {
            throw new IllegalArgumentException("a positive window and room for one entry");
        }
        this.clock = clock;
        this.window = window;
        this.maxEntries = maxEntries;
    }

    @Override
    public synchronized Claim claim(String scope, String key) {
        Instant now = clock.now();
        sweep(now);
        String id = id(scope, key);
        Entry entry = entries.get(id);
        if (entry != null && entry.expiresAt().isAfter(now)) {
            return entry.outcome() == null ? new Claim.InProgress() : new Claim.Answered(entry.outcome());
        }
        entries.remove(id);
        while (entries.size() >= maxEntries) {
            Iterator<String> oldest = entries.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        entries.put(id, new Entry(now.plus(window), null));
        return new Claim.Granted();
    }

    @Override
    public synchronized void answer(String scope, String key, PublishOutcome outcome) {
        entries.computeIfPresent(id(scope, key), (id, entry) -> new Entry(entry.expiresAt(), outcome));
    }

    @Override
    public synchronized void release(String scope, String key) {
        entries.remove(id(scope, key));
    }

    synchronized int size() {
        return entries.size();
    }

    /** Drops expired entries from the old end (entries are in claim order, so in expiry order). */
    private void sweep(Instant now) {
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue().expiresAt().isAfter(now)) {
                return;
            }
            it.remove();
        }
    }

    private static String id(String scope, String key) {
        return scope.length() + ":" + scope + ":" + key;
    }
}
