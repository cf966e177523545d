package io.switchboard.application.service.message;

import io.switchboard.application.port.in.message.EditMessageUseCase;
import io.switchboard.application.port.in.message.ListMessagesUseCase;
import io.switchboard.application.port.in.message.SendMessageUseCase;
import io.switchboard.application.testing.MapMessageRepository;
import io.switchboard.application.testing.MapUserRepository;
import io.switchboard.application.testing.TestClock;
import io.switchboard.application.testing.RecordingEventPublisher;
import io.switchboard.application.testing.SequentialIds;
import io.switchboard.domain.common.Page;
import io.switchboard.domain.common.PageRequest;
import io.switchboard.domain.event.MessageEvent;
import io.switchboard.domain.failure.Forbidden;
import io.switchboard.domain.failure.NotFound;
import io.switchboard.domain.failure.ValidationFailed;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.message.Message;
import io.switchboard.domain.message.MessageId;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.Email;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.User;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class MessageServiceTest {
    private static final ChannelId GENERAL = new ChannelId("general");

    private final TestClock clock = TestClock.at("2026-01-02T03:04:05.678Z");
    private final MapUserRepository users = new MapUserRepository();
    private final MapMessageRepository messages = new MapMessageRepository();
    private final RecordingEventPublisher events = new RecordingEventPublisher();
    private final MessageService service = new MessageService(messages, users, events, clock, new SequentialIds());

    private final Caller alice = user("alice", Role.USER);
    private final Caller bob = user("bob", Role.USER);
    private final Caller carol = user("carol", Role.USER);
    private final Caller admin = user("admin", Role.USER, Role.ADMIN);

    // --- send ---

    @Test
    void send_toAChannel_storesTheMessageStampedWithTheClock_andAnnouncesMessageSent() {
        Message sent = service.send(new SendMessageUseCase.Command(alice, "hello", null, GENERAL));

        assertThat(sent.senderId()).isEqualTo(alice.id());
        assertThat(sent.content()).isEqualTo("hello");
        assertThat(sent.channelId()).isEqualTo(GENERAL);
        assertThat(sent.recipientId()).isNull();
        assertThat(sent.createdAt()).isEqualTo(clock.now());
        assertThat(sent.updatedAt()).isEqualTo(clock.now());
        assertThat(messages.all()).containsExactly(sent);
        assertThat(events.events()).containsExactly(new MessageEvent(MessageEvent.Kind.SENT, sent));
        assertThat(events.types()).containsExactly("message.sent");
    }

    @Test
    void send_toAUser_keepsTheRecipient() {
        Message sent = service.send(new SendMessageUseCase.Command(alice, "psst", bob.id(), null));

        assertThat(sent.recipientId()).isEqualTo(bob.id());
        assertThat(messages.findById(sent.id())).contains(sent);
    }

    @Test
    void send_toAnUnknownRecipient_isRecipientNotFound_storesNothing_andAnnouncesNothing() {
        UserId stranger = new UserId(UUID.randomUUID());

        NotFound notFound = catchThrowableOfType(NotFound.class,
                () -> service.send(new SendMessageUseCase.Command(alice, "anyone?", stranger, GENERAL)));

        assertThat(notFound.reason()).isEqualTo("RECIPIENT_NOT_FOUND");
        assertThat(messages.all()).isEmpty();
        assertThat(events.events()).isEmpty();
    }

    @Test
    void aMessageWithNeitherRecipientNorChannel_orWithoutContent_cannotBeExpressed() {
        assertThat(catchThrowableOfType(ValidationFailed.class,
                () -> new SendMessageUseCase.Command(alice, "lost", null, null)).errors())
                .extracting(e -> e.field()).containsExactly("recipientId");
        assertThat(catchThrowableOfType(ValidationFailed.class,
                () -> new SendMessageUseCase.Command(alice, " ", null, GENERAL)).errors())
                .extracting(e -> e.field()).containsExactly("content");
        assertThat(catchThrowableOfType(ValidationFailed.class,
                () -> new SendMessageUseCase.Command(alice, "x".repeat(10_001), null, GENERAL)).errors())
                .extracting(e -> e.field()).containsExactly("content");
    }

    // --- get ---

    @Test
    void get_aDirectMessage_bySenderRecipientOrAdmin() {
        Message dm = service.send(new SendMessageUseCase.Command(alice, "dm", bob.id(), null));

        assertThat(service.get(alice, dm.id())).isEqualTo(dm);
        assertThat(service.get(bob, dm.id())).isEqualTo(dm);
        assertThat(service.get(admin, dm.id())).isEqualTo(dm);
    }

    @Test
    void get_aDirectMessageTheCallerMayNotSee_isNotFound_likeAMissingOne() {
        Message dm = service.send(new SendMessageUseCase.Command(alice, "dm", bob.id(), null));

        NotFound hidden = catchThrowableOfType(NotFound.class, () -> service.get(carol, dm.id()));
        NotFound missing = catchThrowableOfType(NotFound.class,
                () -> service.get(carol, new MessageId(UUID.randomUUID())));

        assertThat(hidden.reason()).isEqualTo("MESSAGE_NOT_FOUND").isEqualTo(missing.reason());
        assertThat(hidden.getMessage()).isEqualTo(missing.getMessage());
    }

    // --- edit ---

    @Test
    void edit_byTheSender_changesTheContent_movesUpdatedAtOnly_andAnnouncesMessageUpdated() {
        Message sent = service.send(new SendMessageUseCase.Command(alice, "frist", null, GENERAL));
        events.clear();
        Instant later = clock.advance(Duration.ofSeconds(30));

        Message edited = service.edit(new EditMessageUseCase.Command(alice, sent.id(), "first"));

        assertThat(edited.content()).isEqualTo("first");
        assertThat(edited.createdAt()).isEqualTo(sent.createdAt());
        assertThat(edited.updatedAt()).isEqualTo(later);
        assertThat(edited.channelId()).isEqualTo(GENERAL);
        assertThat(messages.findById(sent.id())).contains(edited);
        assertThat(events.events()).containsExactly(new MessageEvent(MessageEvent.Kind.UPDATED, edited));
    }

    @Test
    void edit_bySomeoneWhoSeesButDidNotSend_isForbidden_changesNothing_andAnnouncesNothing() {
        Message sent = service.send(new SendMessageUseCase.Command(alice, "original", bob.id(), GENERAL));
        events.clear();

        for (Caller other : new Caller[]{bob, carol, admin}) {
            Forbidden forbidden = catchThrowableOfType(Forbidden.class,
                    () -> service.edit(new EditMessageUseCase.Command(other, sent.id(), "defaced")));
            assertThat(forbidden.reason()).isEqualTo("NOT_SENDER");
        }

        assertThat(messages.findById(sent.id())).contains(sent);
        assertThat(events.events()).isEmpty();
    }

    @Test
    void edit_ofAMessageTheCallerCannotSee_isNotFound() {
        Message dm = service.send(new SendMessageUseCase.Command(alice, "dm", bob.id(), null));
        events.clear();

        assertThatThrownBy(() -> service.edit(new EditMessageUseCase.Command(carol, dm.id(), "x")))
                .isInstanceOf(NotFound.class);
        assertThat(events.events()).isEmpty();
    }

    // --- delete ---

    @Test
    void delete_byTheSender_removesIt_andAnnouncesMessageDeletedWithTheMessageAsItWas() {
        Message sent = service.send(new SendMessageUseCase.Command(alice, "bye", null, GENERAL));
        events.clear();

        service.delete(alice, sent.id());

        assertThat(messages.all()).isEmpty();
        assertThat(events.events()).containsExactly(new MessageEvent(MessageEvent.Kind.DELETED, sent));
    }

    @Test
    void delete_byAnAdmin_ofAnyMessage_isAllowed() {
        Message dm = service.send(new SendMessageUseCase.Command(alice, "dm", bob.id(), null));
        events.clear();

        service.delete(admin, dm.id());

        assertThat(messages.all()).isEmpty();
        assertThat(events.types()).containsExactly("message.deleted");
    }

    @Test
    void delete_bySomeoneElse_isForbidden_keepsTheMessage_andAnnouncesNothing() {
        Message sent = service.send(new SendMessageUseCase.Command(alice, "stays", bob.id(), GENERAL));
        events.clear();

        assertThatThrownBy(() -> service.delete(bob, sent.id())).isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> service.delete(carol, sent.id())).isInstanceOf(Forbidden.class);

        assertThat(messages.all()).containsExactly(sent);
        assertThat(events.events()).isEmpty();
    }

    @Test
    void delete_ofAnUnknownMessage_isNotFound_andAnnouncesNothing() {
        assertThatThrownBy(() -> service.delete(admin, new MessageId(UUID.randomUUID()))).isInstanceOf(NotFound.class);
        assertThat(events.events()).isEmpty();
    }

    // --- list ---

    @Test
    void list_passesTheCallerAndFiltersToTheRepository_andAnnouncesNothing() {
        Message toBob = service.send(new SendMessageUseCase.Command(alice, "to bob", bob.id(), null));
        service.send(new SendMessageUseCase.Command(alice, "to carol", carol.id(), null));
        Message inGeneral = service.send(new SendMessageUseCase.Command(carol, "general", null, GENERAL));
        events.clear();

        Page<Message> bobsView = service.list(new ListMessagesUseCase.Query(bob, null, null, new PageRequest(1, 10)));
        Page<Message> toBobOnly = service.list(
                new ListMessagesUseCase.Query(alice, null, bob.id(), new PageRequest(1, 10)));
        Page<Message> generalOnly = service.list(
                new ListMessagesUseCase.Query(alice, GENERAL, null, new PageRequest(1, 10)));

        assertThat(bobsView.items()).containsExactly(inGeneral, toBob);
        assertThat(toBobOnly.items()).containsExactly(toBob);
        assertThat(generalOnly.items()).containsExactly(inGeneral);
        assertThat(events.events()).isEmpty();
    }

    private Caller user(String name, Role... roles) {
        Instant now = clock.now();
        User user = new User(new UserId(UUID.randomUUID()), new Email(name + "@switchboard.test"), name, "fake$0$x",
                Set.of(roles), now, now);
        users.insert(user);
        return user.asCaller();
    }
}
