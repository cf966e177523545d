package io.switchboard.application.service.topic;

import io.switchboard.application.port.out.ChannelRepository;
import io.switchboard.domain.channel.Channel;
import io.switchboard.domain.channel.Member;
import io.switchboard.domain.channel.MemberRole;
import io.switchboard.domain.common.Page;
import io.switchboard.domain.common.PageRequest;
import io.switchboard.domain.failure.Forbidden;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The "may this caller read this topic now" check: private channels, its cache, and TopicPolicy on top of it. */
class ChannelAccessTest {
    private static final Instant T0 = Instant.parse("2026-12-02T17:00:00Z");
    private final Caller owner = new Caller(new UserId(UUID.randomUUID()), Set.of(Role.USER));
    private final Caller stranger = new Caller(new UserId(UUID.randomUUID()), Set.of(Role.USER));
    private final Caller admin = new Caller(new UserId(UUID.randomUUID()), Set.of(Role.USER, Role.ADMIN));
    private final Channels channels = new Channels();
    private final AtomicLong nanos = new AtomicLong();
    private final ChannelAccess access = new ChannelAccess(channels, nanos::get, 30_000);

    /** Only what ChannelAccess reads, counting the reads. */
    private static final class Channels implements ChannelRepository {
        final Map<String, Boolean> privacy = new HashMap<>();
        final Set<String> members = new HashSet<>();
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public Optional<Channel> find(ChannelId id) {
            reads.incrementAndGet();
            Boolean isPrivate = privacy.get(id.value());
            return isPrivate == null ? Optional.empty() : Optional.of(new Channel(id, "n", "", isPrivate,
                    new UserId(UUID.randomUUID()), 1, T0, T0));
        }

        @Override
        public Optional<Member> member(ChannelId id, UserId user) {
            reads.incrementAndGet();
            return members.contains(id.value() + " " + user)
                    ? Optional.of(new Member(user, null, MemberRole.MEMBER, T0)) : Optional.empty();
        }

        @Override
        public boolean create(Channel channel, Member first) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean update(Channel channel) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<List<UserId>> delete(ChannelId id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PutResult putMember(ChannelId id, Member member) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean removeMember(ChannelId id, UserId user) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Page<Member> members(ChannelId id, PageRequest page) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Page<Channel> list(UserId viewer, boolean all, boolean onlyMine, PageRequest page) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<ChannelId> channelsOf(UserId user) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<ChannelId> privateChannelsWithout(UserId user) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void topics_of_no_channel_are_readable_without_reading_the_repository() {
        assertThat(access.mayReceive(stranger, Topic.parse("public.room.1"))).isTrue();
        assertThat(access.mayReceive(stranger, Topic.parse("messages.user.x"))).isTrue();
        assertThat(channels.reads).hasValue(0);
    }

    @Test
    void a_private_channel_is_for_members_and_admins_on_both_its_topics() {
        channels.privacy.put("team", true);
        channels.members.add("team " + owner.id());
        for (String topic : List.of("messages.channel.team", "channels.team")) {
            assertThat(access.mayReceive(owner, Topic.parse(topic))).isTrue();
            assertThat(access.mayReceive(stranger, Topic.parse(topic))).isFalse();
            assertThat(access.mayReceive(admin, Topic.parse(topic))).isTrue();
        }
        assertThat(access.mayReceive(stranger, Topic.parse("messages.channel.open"))).isTrue();
    }

    @Test
    void answers_are_cached_until_invalidated_or_expired() {
        channels.privacy.put("team", true);
        channels.members.add("team " + owner.id());
        assertThat(access.mayReceive(owner, Topic.parse("messages.channel.team"))).isTrue();
        int reads = channels.reads.get();
        channels.members.clear(); // removed, but nobody told the cache yet
        assertThat(access.mayReceive(owner, Topic.parse("messages.channel.team"))).isTrue();
        assertThat(channels.reads).hasValue(reads);

        access.invalidate("team");
        assertThat(access.mayReceive(owner, Topic.parse("messages.channel.team"))).isFalse();

        channels.members.add("team " + owner.id());
        nanos.addAndGet(30_000_000_001L); // the safety-net expiry
        assertThat(access.mayReceive(owner, Topic.parse("messages.channel.team"))).isTrue();
    }

    @Test
    void the_policy_refuses_exact_subscriptions_and_publishing_with_not_a_member_but_keeps_patterns() {
        channels.privacy.put("team", true);
        TopicPolicy policy = new TopicPolicy(access);
        Forbidden subscribe = catchThrowableOfType(Forbidden.class,
                () -> policy.checkSubscribe(stranger, TopicPattern.parse("messages.channel.team")));
        assertThat(subscribe.reason()).isEqualTo("NOT_A_MEMBER");
        assertThat(catchThrowableOfType(Forbidden.class,
                () -> policy.checkSubscribe(stranger, TopicPattern.parse("channels.team"))).reason())
                .isEqualTo("NOT_A_MEMBER");
        assertThat(catchThrowableOfType(Forbidden.class,
                () -> policy.checkPublish(stranger, Topic.parse("messages.channel.team"))).reason())
                .isEqualTo("NOT_A_MEMBER");
        assertThat(policy.canSubscribe(stranger, TopicPattern.parse("messages.channel.*"))).isTrue();
        assertThat(policy.canReadNow(stranger, Topic.parse("messages.channel.team"))).isFalse();
        assertThat(policy.canSubscribe(stranger, TopicPattern.parse("channels.*"))).isTrue();
        assertThat(policy.canSubscribe(stranger, TopicPattern.parse("presence.users.*"))).isTrue();
        assertThat(policy.canPublish(admin, Topic.parse("channels.team"))).isFalse();
    }
}
