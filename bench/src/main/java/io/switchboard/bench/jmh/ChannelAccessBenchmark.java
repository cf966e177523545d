package io.switchboard.bench.jmh;

import io.switchboard.adapters.out.memory.InMemoryAdapters;
import io.switchboard.application.port.out.ChannelRepository;
import io.switchboard.application.service.topic.ChannelAccess;
import io.switchboard.domain.channel.Channel;
import io.switchboard.domain.channel.Member;
import io.switchboard.domain.channel.MemberRole;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.Role;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The per-delivery check that private channels add to every topic connection's fan-out
 * ({@link ChannelAccess#mayReceive}), with a warm cache: a topic that is no channel's, an open (undeclared) channel,
 * and a private channel the caller belongs to.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ChannelAccessBenchmark {
    @Param({"other", "open-channel", "private-member"})
    public String topicKind;

    private ChannelAccess access;
    private Caller caller;
    private Topic topic;

    @Setup
    public void setUp() {
        ChannelRepository channels = InMemoryAdapters.channelRepository();
        UserId user = new UserId(UUID.randomUUID());
        caller = new Caller(user, Set.of(Role.USER));
        Instant now = Instant.now();
        channels.create(new Channel(new ChannelId("secret"), "Secret", "", true, user, 0, now, now),
                new Member(user, "me", MemberRole.OWNER, now));
        access = new ChannelAccess(channels);
        topic = Topic.parse(switch (topicKind) {
            case "other" -> "public.room.42";
            case "open-channel" -> "messages.channel.general";
            default -> "messages.channel.secret";
        });
        access.mayReceive(caller, topic); // warm the cache
    }

    @Benchmark
    public boolean mayReceive() {
        return access.mayReceive(caller, topic);
    }
}
