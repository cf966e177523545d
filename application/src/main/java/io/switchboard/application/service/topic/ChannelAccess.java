package io.switchboard.application.service.topic;

import io.switchboard.application.port.out.ChannelRepository;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.Topics;
import io.switchboard.domain.user.Caller;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Whether a caller may read a channel now: every channel is readable unless it is a declared <em>private</em>
 * channel, which only its members (and admins) read. {@link TopicPolicy} asks it for exact subscriptions, the
 * message service for REST reads and posts, and every topic connection for each delivery on a channel's topics
 * ({@code messages.channel.{c}}, {@code channels.{c}}), so this sits on the fan-out's hot path.
 *
 * <p>Hence a cache: per channel whether it is private, and per (private channel, user) whether they are a member.
 * A change of a channel (privacy, members, deletion) {@link #invalidate invalidates} its entry on every instance:
 * the channel service publishes an event on {@code channels.{c}} for each, and one internal subscriber per instance
 * (the {@code ChannelWatcher}) hears it and calls {@link #invalidate}. Entries also expire after {@link #ttlNanos}
 * as a safety net for a cross-instance event lost on the way (Redis pub/sub is at-most-once). The cache is bounded:
 * past {@link #MAX_CHANNELS} channels or {@link #MAX_MEMBERS} cached members of one channel it starts afresh.
 */
public final class ChannelAccess {
    static final int MAX_CHANNELS = 10_000;
    static final int MAX_MEMBERS = 10_000;
    /** How long a cached answer is trusted without an invalidation. */
    public static final long DEFAULT_TTL_MS = 30_000;

    private record Entry(boolean isPrivate, long loadedAtNanos, Map<String, Boolean> members) {
    }

    private final ChannelRepository channels;
    private final LongSupplier nanoTime;
    private final long ttlNanos;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Raised by every invalidation, so a load that raced with one does not put a stale answer back. */
    private final AtomicLong invalidations = new AtomicLong();

    public ChannelAccess(ChannelRepository channels) {
        this(channels, System::nanoTime, DEFAULT_TTL_MS);
    }

    public ChannelAccess(ChannelRepository channels, LongSupplier nanoTime, long ttlMs) {
        this.channels = Objects.requireNonNull(channels, "channels");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.ttlNanos = ttlMs * 1_000_000L;
    }

    /** Whether {@code caller} may read (list, get, subscribe to) the channel now. */
    public boolean mayRead(Caller caller, ChannelId channel) {
        return mayRead(caller, channel.value());
    }

    /**
     * The per-delivery check: whether {@code caller} may receive a publication on {@code topic}. Any topic that is
     * not one of a channel's costs two string comparisons; an open or public channel a map lookup.
     */
    public boolean mayReceive(Caller caller, Topic topic) {
        Optional<String> channel = Topics.channelScopeOf(topic);
        return channel.isEmpty() || mayRead(caller, channel.get());
    }

    /**
     * The private channels {@code caller} may not read now (none for an admin), read from the repository, not the
     * cache: an unfiltered message listing leaves their messages out of its page and its total.
     */
    public Set<ChannelId> unreadableBy(Caller caller) {
        return caller.isAdmin() ? Set.of() : channels.privateChannelsWithout(caller.id());
    }

    /** Whether the topic belongs to a channel that is declared private (for presence and revocation). */
    public boolean isPrivate(ChannelId channel) {
        return entry(channel.value()).isPrivate();
    }

    private boolean mayRead(Caller caller, String channelId) {
        if (caller.isAdmin()) {
            return true;
        }
        Entry entry = entry(channelId);
        if (!entry.isPrivate()) {
            return true;
        }
        String user = caller.id().toString();
        Boolean member = entry.members().get(user);
        if (member == null) {
            if (!ChannelId.isValid(channelId)) {
                return true; // no declared channel has such an id
            }
            member = channels.member(new ChannelId(channelId), caller.id()).isPresent();
            if (entry.members().size() >= MAX_MEMBERS) {
                entry.members().clear();
            }
            entry.members().put(user, member);
        }
        return member;
    }

    private Entry entry(String channelId) {
        Entry entry = entries.get(channelId);
        long now = nanoTime.getAsLong();
        if (entry != null && now - entry.loadedAtNanos() < ttlNanos) {
            return entry;
        }
        long generation = invalidations.get();
        boolean isPrivate = ChannelId.isValid(channelId)
                && channels.find(new ChannelId(channelId)).map(c -> c.isPrivate()).orElse(false);
        Entry loaded = new Entry(isPrivate, now, new ConcurrentHashMap<>());
        if (generation == invalidations.get()) {
            if (entries.size() >= MAX_CHANNELS) {
                entries.clear();
            }
            entries.put(channelId, loaded);
        }
        return loaded;
    }

    /** Forgets what is known of a channel: its next check reads the repository. */
    public void invalidate(String channelId) {
        invalidations.incrementAndGet();
        entries.remove(channelId);
    }
}
