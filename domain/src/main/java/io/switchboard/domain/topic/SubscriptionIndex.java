package io.switchboard.domain.topic;

import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The routing table of pub/sub: which subscribers want a published topic.
 *
 * <p><b>Structure.</b> Exact patterns (no wildcard) live in a hash map keyed by the topic text. Wildcard patterns
 * live in a trie with, per node, a child per literal segment, one `*` child and one `**` child. A lookup touches only
 * the exact entry of its topic and the trie branches that can match it, so its cost does not grow with unrelated
 * subscriptions, and nothing ever scans all subscriptions.
 *
 * <p><b>Threads.</b> Lookups ({@link #match}) take no lock: they read volatile fields and concurrent maps only.
 * Changes ({@link #add}, {@link #remove}, {@link #removeAll}) are serialised by one private lock, which keeps the
 * counts, the per-subscriber bookkeeping and the pruning of empty nodes consistent without any reader having to
 * retry. Subscribing is rare next to publishing, so the single writer lock is not a bottleneck in practice.
 * A lookup that runs during a change may or may not see that change, as with any concurrent map; it never sees a
 * subscription that was removed before the lookup started, and never misses one that was present for all of it.
 *
 * <p><b>At most once.</b> {@link #match} returns a {@link Set}: a subscriber whose several patterns match a topic
 * (`a.*`, `a.**`, `**` and `a.b` for `a.b`) is in it once. Subscribers are told apart by {@code equals}/{@code
 * hashCode}; connections should keep identity equality.
 *
 * <p><b>Reference counting.</b> Each pattern counts its subscribers: {@link #subscriberCount(TopicPattern)} and
 * the optional {@link Listener}, told under the writer lock and in order when a pattern gets its first subscriber
 * or loses its last one, so a cross-instance adapter can SUBSCRIBE/UNSUBSCRIBE upstream exactly then. Removing a
 * pattern's last subscriber prunes its trie nodes, so an index whose subscriptions are all removed is empty again
 * ({@link #size()}, {@link #patternCount()}, {@link #nodeCount()} and {@link #subscriberCount()} are 0).
 *
 * @param <S> the subscriber, e.g. a WebSocket connection
 */
public final class SubscriptionIndex<S> {

    /**
     * Told when a pattern gains its first subscriber or loses its last one. Called with the index's writer lock
     * held and in the order of the changes: it must be quick, must not block (enqueue, don't do I/O) and must not
     * call back into the index.
     */
    public interface Listener {
        Listener NONE = new Listener() {
            @Override
            public void firstSubscriber(TopicPattern pattern) {
            }

            @Override
            public void lastSubscriberGone(TopicPattern pattern) {
            }
        };

        void firstSubscriber(TopicPattern pattern);

        void lastSubscriberGone(TopicPattern pattern);
    }

    private final Listener listener;
    private final Object writeLock = new Object();

    /** Exact patterns: topic text -> subscribers. An entry exists only while it has a subscriber. */
    private final ConcurrentHashMap<String, Set<S>> exact = new ConcurrentHashMap<>();
    /** Wildcard patterns. The root stands for the empty prefix and is never pruned. */
    private final Node<S> root = new Node<>(null, null);
    /** Subscriber -> its patterns in subscription order, for removeAll without scanning. Guarded by writeLock. */
    private final Map<S, Set<TopicPattern>> bySubscriber = new HashMap<>();

    // Written under writeLock, read anywhere.
    private volatile int subscriptions;
    private volatile int patterns;
    private volatile int nodes;

    public SubscriptionIndex() {
        this(Listener.NONE);
    }

    public SubscriptionIndex(Listener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Subscribes {@code subscriber} to {@code pattern}.
     *
     * @return true if added, false if that subscriber already had that pattern (nothing changes)
     */
    public boolean add(TopicPattern pattern, S subscriber) {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(subscriber, "subscriber");
        synchronized (writeLock) {
            Set<TopicPattern> mine = bySubscriber.computeIfAbsent(subscriber, s -> new LinkedHashSet<>());
            if (!mine.add(pattern)) {
                return false;
            }
            Set<S> subscribers = pattern.isExact()
                    ? exact.computeIfAbsent(pattern.value(), v -> ConcurrentHashMap.newKeySet())
                    : nodeFor(pattern, true).subscribers;
            boolean first = subscribers.isEmpty();
            subscribers.add(subscriber);
            subscriptions++;
            if (first) {
                patterns++;
                listener.firstSubscriber(pattern);
            }
            return true;
        }
    }

    /**
     * Unsubscribes {@code subscriber} from {@code pattern}, pruning what is left empty.
     *
     * @return true if removed, false if it was not subscribed to that pattern
     */
    public boolean remove(TopicPattern pattern, S subscriber) {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(subscriber, "subscriber");
        synchronized (writeLock) {
            Set<TopicPattern> mine = bySubscriber.get(subscriber);
            if (mine == null || !mine.remove(pattern)) {
                return false;
            }
            if (mine.isEmpty()) {
                bySubscriber.remove(subscriber);
            }
            detach(pattern, subscriber);
            return true;
        }
    }

    /**
     * Drops every subscription of {@code subscriber}, e.g. when its connection closes, in the order they were made.
     *
     * @return the patterns it was subscribed to (empty if none)
     */
    public Set<TopicPattern> removeAll(S subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        synchronized (writeLock) {
            Set<TopicPattern> mine = bySubscriber.remove(subscriber);
            if (mine == null) {
                return Set.of();
            }
            for (TopicPattern pattern : mine) {
                detach(pattern, subscriber);
            }
            return Collections.unmodifiableSet(mine);
        }
    }

    /**
     * Every subscriber with at least one pattern matching {@code topic}, each once, as a read-only set. Lock-free.
     * When a single pattern's subscribers are the whole answer (the usual fan-out: everybody on one exact topic), the
     * set is a view of them, not a copy: a copy costs a hash-set entry per subscriber on every publication. Like any
     * view of a concurrent set it is weakly consistent: iterated later, it reflects subscriptions made or dropped in
     * the meantime. Only when several patterns match is a new set built (their union), plus, when the walk meets a
     * `**` below another `**`, a small memo of the positions already tried there.
     *
     * <p>Cost: each trie node is visited at most once per position in the topic, so a lookup visits at most
     * (reachable nodes) x (segments + 1) nodes, however many `**` a pattern has (see {@link Walk}).
     */
    public Set<S> match(Topic topic) {
        Walk<S> walk = new Walk<>(topic.segmentArray());
        Set<S> exactSubscribers = exact.get(topic.value());
        if (exactSubscribers != null) {
            walk.collect(exactSubscribers);
        }
        walk.from(root);
        return walk.result();
    }

    /** How many trie nodes a {@link #match} of {@code topic} visits (for tests of the matcher's cost). */
    int visitsToMatch(Topic topic) {
        Walk<S> walk = new Walk<>(topic.segmentArray());
        walk.from(root);
        return walk.visits;
    }

    /**
     * One lookup: a depth-first walk over the trie branches that can match the topic, visiting a node together
     * with how many segments the pattern prefix it spells has consumed.
     *
     * <p>A `**` node consumes zero or more segments: it is visited at its entry position and then at each later
     * one, in one loop. Trying every split of the topic among several `**` on one path would take exponential
     * time (`**.*.**.*...` against `a.a.a...`); instead each (`**` node, position) pair is visited once, which is
     * enough because what can follow a node at a position does not depend on how the walk got there. Only `**`
     * nodes need the memo: below the last `**` on a path the remaining segments are fixed, so a node without a
     * `**` between it and the nearest `**` ancestor is reached at most once per visit of that ancestor. The first
     * `**` on a path is entered from a node that is itself visited once, so the memo starts only below it.
     */
    private static final class Walk<S> {
        private final String[] segments;
        /** The first non-empty subscriber set found: the answer if no other one is. */
        private Set<S> only;
        /** The union, made when a second set is found. */
        private Set<S> union;
        /** `**` node -> positions already visited there; made on first need (a `**` below another `**`). */
        private IdentityHashMap<Node<S>, BitSet> tried;
        int visits;

        Walk(String[] segments) {
            this.segments = segments;
        }

        void from(Node<S> root) {
            step(root, 0, false);
        }

        /** One pattern's subscribers match. */
        void collect(Set<S> subscribers) {
            if (subscribers.isEmpty() || subscribers == only) {
                return;
            }
            if (union != null) {
                union.addAll(subscribers);
            } else if (only == null) {
                only = subscribers;
            } else {
                union = new HashSet<>(only);
                union.addAll(subscribers);
            }
        }

        Set<S> result() {
            if (union != null) {
                return Collections.unmodifiableSet(union);
            }
            return only == null ? Set.of() : Collections.unmodifiableSet(only);
        }

        /** Visits a `**` node entered at {@code index}: it may swallow any number of the remaining segments. */
        private void anyFrom(Node<S> node, int index, boolean belowAny) {
            BitSet seen = null;
            if (belowAny) {
                if (tried == null) {
                    tried = new IdentityHashMap<>();
                }
                seen = tried.computeIfAbsent(node, n -> new BitSet(segments.length + 1));
            }
            for (int at = index; at <= segments.length; at++) {
                if (seen != null) {
                    if (seen.get(at)) {
                        return; // an earlier entry went on from here to the end: nothing new lies ahead
                    }
                    seen.set(at);
                }
                step(node, at, true);
            }
        }

        /** Visits {@code node} once its pattern prefix has consumed {@code segments[0..index)}. */
        private void step(Node<S> node, int index, boolean belowAny) {
            visits++;
            Node<S> any = node.any;
            if (any != null) {
                anyFrom(any, index, belowAny);
            }
            if (index == segments.length) {
                collect(node.subscribers);
                return;
            }
            Map<String, Node<S>> literals = node.literals;
            if (literals != null) {
                Node<S> child = literals.get(segments[index]);
                if (child != null) {
                    step(child, index + 1, belowAny);
                }
            }
            Node<S> one = node.one;
            if (one != null) {
                step(one, index + 1, belowAny);
            }
        }
    }

    /** How many subscribers {@code pattern} has (exactly this pattern, not patterns that cover it). */
    public int subscriberCount(TopicPattern pattern) {
        if (pattern.isExact()) {
            Set<S> subscribers = exact.get(pattern.value());
            return subscribers == null ? 0 : subscribers.size();
        }
        Node<S> node = nodeFor(pattern, false);
        return node == null ? 0 : node.subscribers.size();
    }

    /** Whether any subscription to exactly {@code pattern} remains (e.g. to decide on an upstream UNSUBSCRIBE). */
    public boolean hasSubscribers(TopicPattern pattern) {
        return subscriberCount(pattern) > 0;
    }

    /** The patterns {@code subscriber} is subscribed to (a copy). */
    public Set<TopicPattern> patternsOf(S subscriber) {
        synchronized (writeLock) {
            Set<TopicPattern> mine = bySubscriber.get(subscriber);
            return mine == null ? Set.of() : Set.copyOf(mine);
        }
    }

    /** Every subscriber with at least one subscription (a copy). */
    public Set<S> subscribers() {
        synchronized (writeLock) {
            return Set.copyOf(bySubscriber.keySet());
        }
    }

    /** The number of (pattern, subscriber) subscriptions. */
    public int size() {
        return subscriptions;
    }

    public boolean isEmpty() {
        return subscriptions == 0;
    }

    /** The number of distinct patterns with at least one subscriber. */
    public int patternCount() {
        return patterns;
    }

    /** The number of distinct subscribers with at least one subscription. */
    public int subscriberCount() {
        synchronized (writeLock) {
            return bySubscriber.size();
        }
    }

    /** The number of trie nodes besides the root (0 when no wildcard pattern is subscribed). */
    public int nodeCount() {
        return nodes;
    }

    /** The number of exact topics with at least one subscriber. */
    int exactEntryCount() {
        return exact.size();
    }

    // ---- writer side, always under writeLock ----

    private void detach(TopicPattern pattern, S subscriber) {
        boolean last;
        if (pattern.isExact()) {
            Set<S> subscribers = exact.get(pattern.value());
            subscribers.remove(subscriber);
            last = subscribers.isEmpty();
            if (last) {
                exact.remove(pattern.value());
            }
        } else {
            Node<S> node = nodeFor(pattern, false);
            node.subscribers.remove(subscriber);
            last = node.subscribers.isEmpty();
            if (last) {
                prune(node);
            }
        }
        subscriptions--;
        if (last) {
            patterns--;
            listener.lastSubscriberGone(pattern);
        }
    }

    /** The node of a wildcard pattern; created with its missing ancestors when {@code create}, else maybe null. */
    private Node<S> nodeFor(TopicPattern pattern, boolean create) {
        Node<S> node = root;
        for (int i = 0; i < pattern.size() && node != null; i++) {
            String segment = pattern.segment(i);
            Node<S> child = node.child(segment);
            if (child == null && create) {
                child = new Node<>(node, segment);
                node.attach(child);
                nodes++;
            }
            node = child;
        }
        return node;
    }

    /** Unlinks {@code node} and then each ancestor that is left with neither subscribers nor children. */
    private void prune(Node<S> node) {
        while (node != root && node.isUnused()) {
            node.parent.detach(node);
            nodes--;
            node = node.parent;
        }
    }

    /** A trie node: the pattern prefix spelled by the keys from the root. */
    private static final class Node<S> {
        final Node<S> parent;
        final String key; // a literal, or TopicSyntax.ONE / ANY
        final Set<S> subscribers = ConcurrentHashMap.newKeySet();
        // Written under the index's writeLock; read without it. A child is fully built before it is published.
        volatile ConcurrentHashMap<String, Node<S>> literals;
        volatile Node<S> one;
        volatile Node<S> any;

        Node(Node<S> parent, String key) {
            this.parent = parent;
            this.key = key;
        }

        Node<S> child(String segment) {
            if (TopicPattern.isAny(segment)) {
                return any;
            }
            if (TopicPattern.isOne(segment)) {
                return one;
            }
            Map<String, Node<S>> map = literals;
            return map == null ? null : map.get(segment);
        }

        void attach(Node<S> child) {
            if (TopicPattern.isAny(child.key)) {
                any = child;
            } else if (TopicPattern.isOne(child.key)) {
                one = child;
            } else {
                ConcurrentHashMap<String, Node<S>> map = literals;
                if (map == null) {
                    map = new ConcurrentHashMap<>(4);
                    literals = map;
                }
                map.put(child.key, child);
            }
        }

        void detach(Node<S> child) {
            if (any == child) {
                any = null;
            } else if (one == child) {
                one = null;
            } else {
                ConcurrentHashMap<String, Node<S>> map = literals;
                map.remove(child.key, child);
                if (map.isEmpty()) {
                    literals = null;
                }
            }
        }

        boolean isUnused() {
            Map<String, Node<S>> map = literals;
            return subscribers.isEmpty() && (map == null || map.isEmpty()) && one == null && any == null;
        }
    }
}
