package io.switchboard.domain.topic;

import io.switchboard.domain.failure.ValidationFailed;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a subscription names: a topic whose segments may also be `*` (exactly one segment) or `**` (zero or more
 * segments). `messages.channel.*`, `user.42.**`, `**`. A pattern without wildcards is exact and matches one topic.
 * Immutable; equal when the text is equal.
 *
 * <p><b>Normal form.</b> A run of `**` segments means what one `**` means, so {@link #parse} collapses it:
 * `a.**.**.b` is parsed as `a.**.b`, and its {@link #value()} is that normal form. So the subscription index, the
 * containment check ({@link #covers}), the upstream (Redis) subscriptions and every comparison of patterns see one
 * pattern, never a chain of `**` that a matcher would have to split a topic among.
 */
public final class TopicPattern {
    /** Every topic. */
    public static final TopicPattern ALL = parse("**");

    private final String value;
    /** Literal segments, or the identical constants {@link TopicSyntax#ONE} / {@link TopicSyntax#ANY}. */
    private final String[] segments;
    private final boolean exact;

    private TopicPattern(String value, String[] segments) {
        this.value = value;
        this.segments = segments;
        boolean anyWildcard = false;
        for (String segment : segments) {
            anyWildcard |= isWildcard(segment);
        }
        this.exact = !anyWildcard;
    }

    /**
     * Parses a subscription pattern into its normal form (a run of `**` becomes one `**`).
     *
     * @throws ValidationFailed (code 2) on field "topic" when the text breaks the grammar of docs/websocket.md
     *                          or has more than 32 segments as written
     */
    public static TopicPattern parse(String text) {
        return parse(text, Topic.FIELD);
    }

    /** As {@link #parse(String)}, reporting a failure on {@code field} (e.g. `topics[2]`). */
    public static TopicPattern parse(String text, String field) {
        String[] segments = TopicSyntax.split(text, field, true);
        String[] normal = collapseRepeatedAny(segments);
        return normal == segments
                ? new TopicPattern(text, segments)
                : new TopicPattern(String.join(".", normal), normal);
    }

    /** The segments with each run of `**` reduced to one; the same array when there is no such run. */
    private static String[] collapseRepeatedAny(String[] segments) {
        int kept = segments.length;
        for (int i = 1; i < segments.length; i++) {
            if (isAny(segments[i]) && isAny(segments[i - 1])) {
                kept--;
            }
        }
        if (kept == segments.length) {
            return segments;
        }
        String[] normal = new String[kept];
        int j = 0;
        for (int i = 0; i < segments.length; i++) {
            if (!(i > 0 && isAny(segments[i]) && isAny(segments[i - 1]))) {
                normal[j++] = segments[i];
            }
        }
        return normal;
    }

    static TopicPattern exact(Topic topic) {
        return new TopicPattern(topic.value(), topic.segmentArray());
    }

    public String value() {
        return value;
    }

    /** True when there is no `*` or `**` segment: the pattern matches exactly {@link #toTopic()}. */
    public boolean isExact() {
        return exact;
    }

    /**
     * The one topic an exact pattern matches.
     *
     * @throws IllegalStateException when the pattern has a wildcard (check {@link #isExact()} first)
     */
    public Topic toTopic() {
        if (!exact) {
            throw new IllegalStateException("a wildcard pattern is not a topic: " + value);
        }
        return Topic.parse(value);
    }

    public int size() {
        return segments.length;
    }

    /** The segment at {@code index}: a literal, `*` or `**`. */
    public String segment(int index) {
        return segments[index];
    }

    public List<String> segments() {
        return List.of(segments);
    }

    /** True for the segment texts `*` and `**`. */
    public static boolean isWildcard(String segment) {
        return isOne(segment) || isAny(segment);
    }

    static boolean isOne(String segment) {
        return TopicSyntax.ONE.equals(segment);
    }

    /** True for the segment text `**` (zero or more segments). */
    public static boolean isAny(String segment) {
        return TopicSyntax.ANY.equals(segment);
    }

    /**
     * Whether {@code topic} is one of the topics this pattern names. Linear-time glob matching over segments
     * (`*` is one segment, `**` any run): on a mismatch it backtracks only to the most recent `**`, which is enough
     * because a later `**` can absorb whatever an earlier one could.
     */
    public boolean matches(Topic topic) {
        String[] text = topic.segmentArray();
        int p = 0;
        int t = 0;
        int lastAny = -1;
        int resumeAt = -1;
        while (t < text.length) {
            if (p < segments.length && isAny(segments[p])) {
                lastAny = p++;
                resumeAt = t;
            } else if (p < segments.length && (isOne(segments[p]) || segments[p].equals(text[t]))) {
                p++;
                t++;
            } else if (lastAny >= 0) {
                // Let the last `**` swallow one more segment and retry from just after it.
                p = lastAny + 1;
                t = ++resumeAt;
            } else {
                return false;
            }
        }
        while (p < segments.length && isAny(segments[p])) {
            p++;
        }
        return p == segments.length;
    }

    /**
     * Pattern containment: true iff every concrete topic that {@code other} can match is matched by this pattern.
     * `messages.channel.*` covers `messages.channel.general` and `messages.channel.*` but not `messages.**`;
     * `public.**` covers `public.a.*.b.**`; `**` covers everything; `user.u1.**` does not cover `user.*.x`.
     *
     * <p>How: both patterns are read as automata over segments. This pattern's automaton is determinised on the fly
     * (a state is the set of positions it may be at) and run in lock-step with every path of {@code other}'s
     * automaton; a counterexample is a reachable pair where {@code other} accepts and this pattern does not.
     * Segments are infinite, but this pattern only tells apart its own literals: every other segment behaves the
     * same, so one symbol "anything else" stands for all of them; `*` and `**` in {@code other} may produce each
     * of this pattern's literals or "anything else". (Containment for this family of patterns is coNP-complete in
     * general, so no simple pairwise recursion over segments is right in every case; the search is bounded by
     * {@code other.size()} times the number of position sets of this pattern, which for the short allowed patterns
     * of a policy is tiny. So {@code this} should be a trusted pattern, such as a policy's; {@code other}, the
     * client's pattern, costs only linearly.)
     */
    public boolean covers(TopicPattern other) {
        Objects.requireNonNull(other, "other");
        if (this.equals(other)) {
            return true;
        }
        return new Containment(this, other).holds();
    }

    /** The product search behind {@link #covers}; one instance per question. */
    private static final class Containment {
        private static final int ANYTHING_ELSE = -1;

        private final String[] outer; // the pattern that must cover
        private final String[] inner; // the pattern that must be covered
        private final Map<String, Integer> literalIds = new HashMap<>();
        private final int[] outerLiteral; // literal id per outer position, or -1 for a wildcard

        Containment(TopicPattern outer, TopicPattern inner) {
            this.outer = outer.segments;
            this.inner = inner.segments;
            this.outerLiteral = new int[this.outer.length];
            for (int i = 0; i < this.outer.length; i++) {
                String segment = this.outer[i];
                outerLiteral[i] = isWildcard(segment) ? -1 : literalIds.computeIfAbsent(segment, s -> literalIds.size());
            }
        }

        boolean holds() {
            int symbols = literalIds.size();
            Set<State> seen = new HashSet<>();
            Deque<State> todo = new ArrayDeque<>();
            // Start: inner at position 0 (and every position its leading `**`s let it skip to), outer likewise.
            BitSet start = outerClosure(single(0));
            for (int j : innerClosure(0)) {
                push(new State(j, start, false), seen, todo);
            }
            while (!todo.isEmpty()) {
                State state = todo.pop();
                if (state.inner == inner.length) {
                    // A topic has at least one segment, so the empty word that `**` alone can spell is no topic.
                    if (state.readSome && !state.outer.get(outer.length)) {
                        return false; // some topic of inner ends here while outer cannot accept it
                    }
                    continue; // inner is finished: it has no transitions left
                }
                String segment = inner[state.inner];
                int next = isAny(segment) ? state.inner : state.inner + 1; // `**` loops; its skip is in the closure
                if (isWildcard(segment)) {
                    for (int symbol = ANYTHING_ELSE; symbol < symbols; symbol++) {
                        advance(state.outer, symbol, next, seen, todo);
                    }
                } else {
                    advance(state.outer, literalIds.getOrDefault(segment, ANYTHING_ELSE), next, seen, todo);
                }
            }
            return true;
        }

        private void advance(BitSet outerNow, int symbol, int innerNext, Set<State> seen, Deque<State> todo) {
            BitSet outerNext = outerClosure(step(outerNow, symbol));
            for (int j : innerClosure(innerNext)) {
                push(new State(j, outerNext, true), seen, todo);
            }
        }

        private static void push(State state, Set<State> seen, Deque<State> todo) {
            if (seen.add(state)) {
                todo.push(state);
            }
        }

        /** Outer positions reachable from {@code from} by reading one segment of class {@code symbol}. */
        private BitSet step(BitSet from, int symbol) {
            BitSet to = new BitSet(outer.length + 1);
            for (int i = from.nextSetBit(0); i >= 0 && i < outer.length; i = from.nextSetBit(i + 1)) {
                String segment = outer[i];
                if (isAny(segment)) {
                    to.set(i);
                } else if (isOne(segment) || outerLiteral[i] == symbol && symbol != ANYTHING_ELSE) {
                    to.set(i + 1);
                }
            }
            return to;
        }

        /** Adds the positions a `**` may skip to without reading anything. */
        private BitSet outerClosure(BitSet positions) {
            for (int i = positions.nextSetBit(0); i >= 0 && i < outer.length; i = positions.nextSetBit(i + 1)) {
                if (isAny(outer[i])) {
                    positions.set(i + 1); // visited next by this same forward scan
                }
            }
            return positions;
        }

        private List<Integer> innerClosure(int position) {
            List<Integer> positions = new ArrayList<>(2);
            positions.add(position);
            while (position < inner.length && isAny(inner[position])) {
                positions.add(++position);
            }
            return positions;
        }

        private static BitSet single(int position) {
            BitSet set = new BitSet();
            set.set(position);
            return set;
        }

        /** Where each automaton may be after some word; {@code readSome}: that word is not empty. */
        private record State(int inner, BitSet outer, boolean readSome) {
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicPattern other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
