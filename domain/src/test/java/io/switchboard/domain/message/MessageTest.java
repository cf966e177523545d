package io.switchboard.domain.message;

import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");
    private final Caller sender = user();
    private final Caller recipient = user();
    private final Caller stranger = user();
    private final Caller admin = new Caller(new UserId(UUID.randomUUID()), Set.of(Role.USER, Role.ADMIN));

    @Test
    void aDirectMessage_isVisibleToItsSenderItsRecipientAndAdmins_only() {
        Message dm = message(recipient.id(), null);

        assertThat(dm.isVisibleTo(sender)).isTrue();
        assertThat(dm.isVisibleTo(recipient)).isTrue();
        assertThat(dm.isVisibleTo(admin)).isTrue();
        assertThat(dm.isVisibleTo(stranger)).isFalse();
    }

    @Test
    void aChannelMessage_isVisibleToEveryone() {
        assertThat(message(null, new ChannelId("general")).isVisibleTo(stranger)).isTrue();
    }

    @Test
    void aMessageToAUserInAChannel_isVisibleToEveryone() {
        assertThat(message(recipient.id(), new ChannelId("general")).isVisibleTo(stranger)).isTrue();
    }

    @Test
    void aMessageNeedsARecipientOrAChannel() {
        assertThatThrownBy(() -> message(null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withContent_changesContentAndUpdatedAt_only() {
        Message original = message(recipient.id(), null);
        Instant later = T0.plusSeconds(60);

        Message edited = original.withContent("edited", later);

        assertThat(edited.content()).isEqualTo("edited");
        assertThat(edited.updatedAt()).isEqualTo(later);
        assertThat(edited.createdAt()).isEqualTo(T0);
        assertThat(edited.id()).isEqualTo(original.id());
        assertThat(edited.recipientId()).isEqualTo(original.recipientId());
    }

    @Test
    void content_is1to10000CodePoints_andNotBlank() {
        assertThat(Message.isValidContent("x")).isTrue();
        assertThat(Message.isValidContent("x".repeat(10_000))).isTrue();
        assertThat(Message.isValidContent("😀".repeat(10_000))).as("10000 emoji are 20000 chars").isTrue();
        assertThat(Message.isValidContent("x".repeat(10_001))).isFalse();
        assertThat(Message.isValidContent("")).isFalse();
        assertThat(Message.isValidContent(" \t\n")).isFalse();
        assertThat(Message.isValidContent(null)).isFalse();
    }

    private Message message(UserId to, ChannelId channel) {
        return new Message(new MessageId(UUID.randomUUID()), sender.id(), "hi", to, channel, T0, T0);
    }

    private static Caller user() {
        return new Caller(new UserId(UUID.randomUUID()), Set.of(Role.USER));
    }
}
