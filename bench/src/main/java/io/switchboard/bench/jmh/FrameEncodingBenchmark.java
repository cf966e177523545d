package io.switchboard.bench.jmh;

import io.switchboard.adapters.out.json.JsonAdapters;
import io.switchboard.application.port.out.FrameEncoder;
import io.switchboard.application.realtime.Delivery;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.SessionUpdate;
import io.switchboard.application.view.SessionViews;
import io.switchboard.domain.session.ParticipantSpec;
import io.switchboard.domain.session.SessionId;
import io.switchboard.domain.session.SessionSpec;
import io.switchboard.domain.session.SessionState;
import io.switchboard.domain.session.SessionTransitions;
import io.switchboard.domain.session.SyncMode;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.Topics;
import io.switchboard.domain.user.UserId;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Encoding one publication's frame, which the server does once per publication (not per subscriber):
 * {@link Delivery#topicFrame()} with the Jackson encoder of {@link JsonAdapters#frameEncoder()}. A new Delivery per
 * call, because a Delivery caches its frame. Payloads: a message.sent event whose content has {@code contentBytes}
 * ASCII characters, and a session.updated event of a 2-participant session.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FrameEncodingBenchmark {
    @Param({"64", "256", "4096"})
    public int contentBytes;

    private FrameEncoder encoder;
    private Publication message;
    private Publication session;

    @Setup
    public void setUp() {
        encoder = JsonAdapters.frameEncoder();
        Instant now = Instant.parse("2026-01-02T03:04:05.678Z");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", UUID.randomUUID().toString());
        data.put("senderId", UUID.randomUUID().toString());
        data.put("content", "x".repeat(contentBytes));
        data.put("channelId", "general");
        data.put("createdAt", "2026-01-02T03:04:05.678Z");
        data.put("updatedAt", "2026-01-02T03:04:05.678Z");
        message = new Publication(Topic.parse("messages.channel.general"), "message.sent", data, now);

        SessionSpec spec = new SessionSpec(null, SyncMode.PER_PARTICIPANT,
                List.of(ParticipantSpec.of("a"), ParticipantSpec.of("b")), 600_000L, null, 0L, null, null, Map.of());
        SessionId id = new SessionId(UUID.randomUUID());
        SessionState state = SessionTransitions.start(
                SessionTransitions.create(spec, id, new UserId(UUID.randomUUID()), now), now).after();
        session = new Publication(Topics.session(id.toString()), "session.updated",
                new SessionUpdate(id.toString(), state.version(), SessionViews.state(state, now), "STARTED"), now);
    }

    @Benchmark
    public String messageTopicFrame() {
        return new Delivery(message, encoder::encode).topicFrame();
    }

    @Benchmark
    public String sessionTopicFrame() {
        return new Delivery(session, encoder::encode).topicFrame();
    }
}
