package io.switchboard.adapters.out;

import io.switchboard.application.port.out.ChannelRepository;
import io.switchboard.domain.channel.Channel;
import io.switchboard.domain.channel.Member;
import io.switchboard.domain.channel.MemberRole;
import io.switchboard.domain.common.Page;
import io.switchboard.domain.common.PageRequest;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link ChannelRepository} promises: one declaration per id, members in joining order, visibility. */
public abstract class ChannelRepositoryContractTest {
    private static final Instant T0 = Instant.parse("2026-05-06T07:08:09.123Z");
    private final UserId ada = new UserId(UUID.randomUUID());
    private final UserId bob = new UserId(UUID.randomUUID());
    private final UserId cy = new UserId("ext-user:cy");
    private ChannelRepository channels;

    protected abstract ChannelRepository newRepository();

    @BeforeEach
    void fresh() {
        channels = newRepository();
    }

    private static Channel channel(String id, boolean isPrivate, UserId owner, Instant at) {
        return new Channel(new ChannelId(id), "Name " + id, "about " + id, isPrivate, owner, 0, at, at);
    }

    private static Member member(UserId user, MemberRole role, Instant at) {
        return new Member(user, "n-" + user, role, at);
    }

    @Test
    void a_channel_is_declared_once_and_read_back_with_its_owner_as_first_member() {
        Channel general = channel("general", false, ada, T0);
        assertThat(channels.create(general, member(ada, MemberRole.OWNER, T0))).isTrue();
        assertThat(channels.create(channel("general", true, bob, T0), member(bob, MemberRole.OWNER, T0))).isFalse();

        Channel read = channels.find(general.id()).orElseThrow();
        assertThat(read).isEqualTo(general.withMemberCount(1));
        assertThat(channels.member(general.id(), ada)).contains(member(ada, MemberRole.OWNER, T0));
        assertThat(channels.find(new ChannelId("nope"))).isEmpty();
    }

    @Test
    void members_are_added_updated_removed_and_listed_in_joining_order() {
        ChannelId id = new ChannelId("team");
        channels.create(channel("team", true, ada, T0), member(ada, MemberRole.OWNER, T0));

        assertThat(channels.putMember(id, member(bob, MemberRole.MEMBER, T0.plusSeconds(1))))
                .isEqualTo(ChannelRepository.PutResult.ADDED);
        assertThat(channels.putMember(id, member(cy, MemberRole.MEMBER, T0.plusSeconds(2))))
                .isEqualTo(ChannelRepository.PutResult.ADDED);
        assertThat(channels.putMember(id, member(bob, MemberRole.MODERATOR, T0.plusSeconds(1))))
                .isEqualTo(ChannelRepository.PutResult.UPDATED);
        assertThat(channels.putMember(new ChannelId("absent"), member(bob, MemberRole.MEMBER, T0)))
                .isEqualTo(ChannelRepository.PutResult.NO_CHANNEL);

        Page<Member> page = channels.members(id, new PageRequest(1, 2));
        assertThat(page.total()).isEqualTo(3);
        assertThat(page.items()).extracting(Member::userId).containsExactly(ada, bob);
        assertThat(page.items().get(1).role()).isEqualTo(MemberRole.MODERATOR);
        assertThat(channels.members(id, new PageRequest(2, 2)).items()).extracting(Member::userId).containsExactly(cy);
        assertThat(channels.find(id).orElseThrow().memberCount()).isEqualTo(3);

        assertThat(channels.removeMember(id, bob)).isTrue();
        assertThat(channels.removeMember(id, bob)).isFalse();
        assertThat(channels.member(id, bob)).isEmpty();
        assertThat(channels.find(id).orElseThrow().memberCount()).isEqualTo(2);
    }

    @Test
    void listing_shows_public_channels_and_private_ones_of_the_viewer_newest_first() {
        channels.create(channel("pub-old", false, ada, T0), member(ada, MemberRole.OWNER, T0));
        channels.create(channel("priv-ada", true, ada, T0.plusSeconds(1)), member(ada, MemberRole.OWNER, T0));
        channels.create(channel("pub-new", false, bob, T0.plusSeconds(2)), member(bob, MemberRole.OWNER, T0));
        channels.create(channel("priv-bob", true, bob, T0.plusSeconds(3)), member(bob, MemberRole.OWNER, T0));

        assertThat(channels.list(ada, false, false, new PageRequest(1, 10)).items()).extracting(c -> c.id().value())
                .containsExactly("pub-new", "priv-ada", "pub-old");
        assertThat(channels.list(ada, true, false, new PageRequest(1, 10)).total()).isEqualTo(4);
        assertThat(channels.list(ada, false, true, new PageRequest(1, 10)).items()).extracting(c -> c.id().value())
                .containsExactly("priv-ada", "pub-old");

        channels.putMember(new ChannelId("priv-bob"), member(ada, MemberRole.MEMBER, T0));
        Channel madePrivate = channels.find(new ChannelId("pub-new")).orElseThrow()
                .patched(null, true, null, T0.plusSeconds(9));
        assertThat(channels.update(madePrivate)).isTrue();
        assertThat(channels.list(ada, false, false, new PageRequest(1, 10)).items()).extracting(c -> c.id().value())
                .containsExactly("priv-bob", "priv-ada", "pub-old");
        assertThat(channels.find(new ChannelId("pub-new")).orElseThrow().isPrivate()).isTrue();
        Page<Channel> second = channels.list(ada, false, false, new PageRequest(2, 2));
        assertThat(second.items()).extracting(c -> c.id().value()).containsExactly("pub-old");
        assertThat(second.total()).isEqualTo(3);
    }

    @Test
    void delete_removes_the_channel_and_its_members_and_reports_who_they_were() {
        ChannelId id = new ChannelId("gone");
        channels.create(channel("gone", false, ada, T0), member(ada, MemberRole.OWNER, T0));
        channels.putMember(id, member(bob, MemberRole.MEMBER, T0));

        assertThat(channels.delete(id)).hasValueSatisfying(m -> assertThat(m).containsExactlyInAnyOrder(ada, bob));
        assertThat(channels.find(id)).isEmpty();
        assertThat(channels.member(id, bob)).isEmpty();
        assertThat(channels.list(bob, false, true, new PageRequest(1, 10)).total()).isZero();
        assertThat(channels.delete(id)).isEmpty();
        assertThat(channels.update(channel("gone", false, ada, T0))).isFalse();

        assertThat(channels.create(channel("gone", true, bob, T0), member(bob, MemberRole.OWNER, T0))).isTrue();
        assertThat(channels.members(id, new PageRequest(1, 10)).items()).extracting(Member::userId).containsExactly(bob);
    }

    @Test
    void the_private_channels_without_a_user_are_those_they_may_not_read() {
        channels.create(channel("pub", false, ada, T0), member(ada, MemberRole.OWNER, T0));
        channels.create(channel("priv-ada", true, ada, T0), member(ada, MemberRole.OWNER, T0));
        channels.create(channel("priv-bob", true, bob, T0), member(bob, MemberRole.OWNER, T0));
        channels.putMember(new ChannelId("priv-bob"), member(cy, MemberRole.MEMBER, T0));

        assertThat(channels.privateChannelsWithout(ada)).containsExactly(new ChannelId("priv-bob"));
        assertThat(channels.privateChannelsWithout(cy)).containsExactly(new ChannelId("priv-ada"));

        channels.removeMember(new ChannelId("priv-bob"), cy);
        channels.delete(new ChannelId("priv-ada"));
        assertThat(channels.privateChannelsWithout(cy)).containsExactly(new ChannelId("priv-bob"));
        assertThat(channels.privateChannelsWithout(bob)).isEmpty();
    }

    @Test
    void the_channels_of_a_user_follow_their_memberships() {
        channels.create(channel("one", false, ada, T0), member(ada, MemberRole.OWNER, T0));
        channels.create(channel("two", true, bob, T0), member(bob, MemberRole.OWNER, T0));
        channels.putMember(new ChannelId("two"), member(ada, MemberRole.MODERATOR, T0));

        assertThat(channels.channelsOf(ada)).containsExactlyInAnyOrder(new ChannelId("one"), new ChannelId("two"));
        assertThat(channels.channelsOf(cy)).isEmpty();

        channels.removeMember(new ChannelId("two"), ada);
        assertThat(channels.channelsOf(ada)).containsExactly(new ChannelId("one"));
        channels.delete(new ChannelId("one"));
        assertThat(channels.channelsOf(ada)).isEmpty();
    }
}
