package io.switchboard.adapters.out.pubsub;

import io.switchboard.domain.topic.TopicPattern;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamSubscriptionsTest {
    /** Records what it is asked, answers at once. */
    private static final class RecordingBroker implements Broker {
        final List<String> calls = new ArrayList<>();

        @Override
        public void start(Listener listener) {
        }

        @Override
        public CompletableFuture<?> publish(String channel, String payload) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Duration publishTimeout() {
            return Duration.ofSeconds(1);
        }

        @Override
        public CompletableFuture<?> subscribe(Collection<String> channels) {
            return record("SUBSCRIBE", channels);
        }

        @Override
        public CompletableFuture<?> unsubscribe(Collection<String> channels) {
            return record("UNSUBSCRIBE", channels);
        }

        @Override
        public CompletableFuture<?> subscribeGlobs(Collection<String> globs) {
            return record("PSUBSCRIBE", globs);
        }

        @Override
        public CompletableFuture<?> unsubscribeGlobs(Collection<String> globs) {
            return record("PUNSUBSCRIBE", globs);
        }

        private CompletableFuture<?> record(String command, Collection<String> targets) {
            calls.add(command + " " + String.join(" ", targets));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
        }
    }

    private final RecordingBroker broker = new RecordingBroker();
    /** Runs the broker operations on the caller's thread, so the test sees them at once. */
    private final UpstreamSubscriptions upstream = new UpstreamSubscriptions(broker, "p:t:", Runnable::run);

    @Test
    void upstreamNames_exactIsItsChannel_wildcardsAGlobOnTheLiteralPrefix() {
        assertThat(upstream.upstreamName(TopicPattern.parse("a.b"))).isEqualTo("p:t:a.b");
        assertThat(upstream.upstreamName(TopicPattern.parse("a.*"))).isEqualTo("p:t:a.*");
        assertThat(upstream.upstreamName(TopicPattern.parse("a.*.c"))).isEqualTo("p:t:a.*");
        assertThat(upstream.upstreamName(TopicPattern.parse("*.b"))).isEqualTo("p:t:*");
        assertThat(upstream.upstreamName(TopicPattern.parse("**"))).isEqualTo("p:t:*");
    }

    @Test
    void aDoubleStarAfterAPrefixAlsoCoversTheBareTopic() {
        String glob = upstream.upstreamName(TopicPattern.parse("a.**"));

        assertThat(glob).isEqualTo("p:t:a*");
        assertThat(TopicPattern.parse("a.**").matches(io.switchboard.domain.topic.Topic.parse("a"))).isTrue();
        assertThat(globMatches(glob, "p:t:a")).isTrue();
        assertThat(globMatches(glob, "p:t:a.b.c")).isTrue();
    }

    @Test
    void aChannelOrGlobIsSubscribedWithItsFirstPattern_andDroppedWithItsLast() {
        upstream.firstSubscriber(TopicPattern.parse("a.*"));
        upstream.firstSubscriber(TopicPattern.parse("a.*.c")); // the same glob: counted, not asked again
        upstream.firstSubscriber(TopicPattern.parse("a.b"));
        assertThat(upstream.size()).isEqualTo(2);
        assertThat(upstream.wants("p:t:a.*")).isTrue();

        upstream.lastSubscriberGone(TopicPattern.parse("a.*"));
        assertThat(upstream.wants("p:t:a.*")).isTrue(); // a.*.c still needs it
        upstream.lastSubscriberGone(TopicPattern.parse("a.*.c"));
        upstream.lastSubscriberGone(TopicPattern.parse("a.b"));

        assertThat(broker.calls).containsExactly("PSUBSCRIBE p:t:a.*", "SUBSCRIBE p:t:a.b", "PUNSUBSCRIBE p:t:a.*",
                "UNSUBSCRIBE p:t:a.b");
        assertThat(upstream.size()).isZero();
        assertThat(upstream.settled()).isTrue();
    }

    @Test
    void afterAReconnect_everythingWantedIsSubscribedAgain() {
        upstream.firstSubscriber(TopicPattern.parse("a.b"));
        upstream.firstSubscriber(TopicPattern.parse("c.**"));
        broker.calls.clear();

        upstream.resubscribeAll();

        assertThat(broker.calls).containsExactly("SUBSCRIBE p:t:a.b", "PSUBSCRIBE p:t:c*");
    }

    /** Redis glob semantics for the only special character topic globs use: {@code *}. */
    private static boolean globMatches(String glob, String channel) {
        return channel.matches(java.util.regex.Pattern.quote(glob).replace("*", "\\E.*\\Q"));
    }
}
