package io.switchboard.adapters.out;

import io.switchboard.adapters.out.json.JsonAdapters;
import io.switchboard.application.history.HistorySettings;
import io.switchboard.application.port.out.FrameEncoder;
import io.switchboard.application.port.out.PubSub;
import io.switchboard.application.port.out.TopicHistory;
import io.switchboard.application.realtime.Delivery;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.StreamPosition;
import io.switchboard.application.testing.TestClock;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every pub/sub with history does (docs/history-and-recovery.md): offsets 1, 2, 3, ... per topic in one
 * epoch, carried by the frames and read back from the stream; bounds by size and age; pattern reads. Subclassed for
 * memory and Redis.
 */
public abstract class HistoryContractTest {
    protected static final HistorySettings SETTINGS = new HistorySettings(
            HistorySettings.parse("hist.**"), 5, Duration.ofSeconds(60), 1000, 100);

    /** A pub/sub with its history. */
    public record Pair(PubSub pubSub, TopicHistory history, AutoCloseable closer) {
    }

    protected TestClock clock;
    protected Pair pair;

    protected abstract Pair newPair(FrameEncoder encoder, HistorySettings settings, TestClock clock);

    @BeforeEach
    void open() {
        clock = new TestClock(Instant.now());
        pair = newPair(JsonAdapters.frameEncoder(), SETTINGS, clock);
    }

    @AfterEach
    void close() throws Exception {
        if (pair.closer() != null) {
            pair.closer().close();
        }
    }

    private Publication publication(String topic, int n) {
        return new Publication(Topic.parse(topic), "test.event", Map.of("n", n), clock.now());
    }

    @Test
    void offsetsCountOnePerPublicationInOneEpochAndFramesCarryThem() throws Exception {
        LinkedBlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
        pair.pubSub().subscribe(TopicPattern.parse("hist.a"), got::add);
        StreamPosition first = pair.pubSub().publishKept(publication("hist.a", 1)).orElseThrow();
        StreamPosition second = pair.pubSub().publishKept(publication("hist.a", 2)).orElseThrow();
        assertThat(first.offset()).isEqualTo(1);
        assertThat(second.offset()).isEqualTo(2);
        assertThat(second.epoch()).isEqualTo(first.epoch());

        Delivery d1 = got.poll(10, TimeUnit.SECONDS);
        Delivery d2 = got.poll(10, TimeUnit.SECONDS);
        assertThat(d1.topicFrame()).contains("\"offset\":1,\"epoch\":\"" + first.epoch() + "\"");
        assertThat(d2.publication().position()).isEqualTo(second);

        TopicHistory.Window window = pair.history().read(Topic.parse("hist.a"), 1, 100);
        assertThat(window.position()).isEqualTo(second);
        assertThat(window.publications()).hasSize(1);
        assertThat(window.publications().get(0).position()).isEqualTo(second);
        assertThat(window.publications().get(0).eventType()).isEqualTo("test.event");
        assertThat(window.reachesBack(0)).isTrue();
    }

    @Test
    void aTopicWithoutHistoryGetsNoOffset() throws Exception {
        LinkedBlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
        pair.pubSub().subscribe(TopicPattern.parse("plain.a"), got::add);
        assertThat(pair.pubSub().publishKept(publication("plain.a", 1))).isEmpty();
        Delivery d = got.poll(10, TimeUnit.SECONDS);
        assertThat(d.publication().position()).isNull();
        assertThat(d.topicFrame()).doesNotContain("offset");
    }

    @Test
    void aTopicNothingWasPublishedOnHasOffsetZeroAndItsEpochHolds() {
        TopicHistory.Window empty = pair.history().read(Topic.parse("hist.quiet"), 0, 10);
        assertThat(empty.top()).isZero();
        assertThat(empty.publications()).isEmpty();
        assertThat(empty.reachesBack(0)).isTrue();
        StreamPosition first = pair.pubSub().publishKept(publication("hist.quiet", 1)).orElseThrow();
        assertThat(first).isEqualTo(new StreamPosition(1, empty.epoch()));
    }

    @Test
    void theStreamKeepsTheLastSizePublicationsAndSaysWhenItNoLongerReachesBack() {
        for (int i = 1; i <= 8; i++) {
            pair.pubSub().publishKept(publication("hist.trim", i));
        }
        TopicHistory.Window window = pair.history().read(Topic.parse("hist.trim"), 0, 100);
        assertThat(window.top()).isEqualTo(8);
        assertThat(window.firstKept()).isEqualTo(4);
        assertThat(window.publications()).extracting(p -> p.position().offset()).containsExactly(4L, 5L, 6L, 7L, 8L);
        assertThat(window.reachesBack(2)).isFalse();
        assertThat(window.reachesBack(3)).isTrue();
        assertThat(pair.history().read(Topic.parse("hist.trim"), 6, 1).publications())
                .extracting(p -> p.position().offset()).containsExactly(7L);
    }

    @Test
    void publicationsOlderThanTheTtlAreNoLongerKeptButTheEpochAndTopOffsetStay() {
        StreamPosition first = pair.pubSub().publishKept(publication("hist.old", 1)).orElseThrow();
        clock.advance(Duration.ofSeconds(61));
        TopicHistory.Window window = pair.history().read(Topic.parse("hist.old"), 0, 100);
        assertThat(window.publications()).isEmpty();
        assertThat(window.position()).isEqualTo(first);
        assertThat(window.reachesBack(0)).isFalse();
        assertThat(window.reachesBack(1)).isTrue(); // nothing missed after offset 1
    }

    @Test
    void aPatternReadReturnsTheReadableMatchingTopicsNewerThanTheTimestampInPublicationOrder() {
        Instant since = clock.now();
        clock.advance(10);
        pair.pubSub().publishKept(publication("hist.room.a", 1));
        clock.advance(10);
        pair.pubSub().publishKept(publication("hist.room.b", 2));
        clock.advance(10);
        pair.pubSub().publishKept(publication("hist.room.secret", 3));
        clock.advance(10);
        pair.pubSub().publishKept(publication("hist.other.a", 4));
        clock.advance(10);
        pair.pubSub().publishKept(publication("hist.room.a", 5));

        TopicHistory.PatternWindow window = pair.history().readPattern(TopicPattern.parse("hist.room.*"), since,
                Map.of(), 100, topic -> !topic.value().endsWith("secret"));
        assertThat(window.complete()).as(window.reason()).isTrue();
        assertThat(window.publications()).extracting(p -> p.topic().value() + "@" + p.position().offset())
                .containsExactly("hist.room.a@1", "hist.room.b@1", "hist.room.a@2");

        TopicHistory.PatternWindow fromPosition = pair.history().readPattern(TopicPattern.parse("hist.room.*"),
                clock.now(), Map.of(Topic.parse("hist.room.a"), window.publications().get(0).position()), 100,
                topic -> true);
        assertThat(fromPosition.publications()).extracting(p -> p.topic().value() + "@" + p.position().offset())
                .containsExactly("hist.room.a@2");

        TopicHistory.PatternWindow tooMany = pair.history().readPattern(TopicPattern.parse("hist.room.*"), since,
                Map.of(), 2, topic -> true);
        assertThat(tooMany.complete()).isFalse();
        assertThat(tooMany.reason()).isEqualTo("too_many");
        assertThat(tooMany.publications()).isEmpty();
    }

    @Test
    void aPatternReadWhoseWindowWasTrimmedIsIncompleteAndReplaysNothing() {
        Instant since = clock.now();
        for (int i = 1; i <= 8; i++) {
            clock.advance(10);
            pair.pubSub().publishKept(publication("hist.busy.a", i));
        }
        TopicHistory.PatternWindow window = pair.history().readPattern(TopicPattern.parse("hist.busy.*"), since,
                Map.of(), 100, topic -> true);
        assertThat(window.complete()).isFalse();
        assertThat(window.reason()).isEqualTo("trimmed");
        assertThat(window.publications()).isEmpty();
        assertThat(Optional.ofNullable(window.reason())).isPresent();
    }

    protected static List<Long> offsets(List<Publication> publications) {
        return publications.stream().map(p -> p.position().offset()).toList();
    }
}
