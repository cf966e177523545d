package io.switchboard.adapters.out;

import io.switchboard.application.port.out.MessageRepository;
import io.switchboard.domain.common.Page;
import io.switchboard.domain.common.PageRequest;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.message.Message;
import io.switchboard.domain.message.MessageId;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link MessageRepository} promises (visibility, filters, newest first, exact totals). */
public abstract class MessageRepositoryContractTest {
    protected static final Instant T0 = Instant.parse("2026-05-06T07:08:09.123Z");
    private static final ChannelId GENERAL = new ChannelId("general");
    private static final ChannelId RANDOM = new ChannelId("random-2");

    private final UserId ada = new UserId(UUID.randomUUID());
    private final UserId bob = new UserId(UUID.randomUUID());
    private final UserId cy = new UserId(UUID.randomUUID());
    private final Caller adaViewing = new Caller(ada, Set.of(Role.USER));
    private final Caller bobViewing = new Caller(bob, Set.of(Role.USER));
    private final Caller admin = new Caller(new UserId(UUID.randomUUID()), Set.of(Role.USER, Role.ADMIN));

    /** A fresh, empty repository. */
    protected abstract MessageRepository newRepository();

    private MessageRepository messages;

    @BeforeEach
    void newRepositoryForEachTest() {
        messages = newRepository();
    }

    @Test
    void deleteChannel_removes_that_channels_messages_from_every_listing_and_nothing_else() {
        insertAll(message(ada, null, GENERAL, "one"), message(bob, ada, GENERAL, "two"),
                message(ada, null, RANDOM, "other"), message(ada, bob, null, "direct"));

        assertThat(messages.deleteChannel(GENERAL)).isEqualTo(2);

        assertThat(messages.list(adaViewing, GENERAL, null, new PageRequest(1, 20)).total()).isZero();
        assertThat(messages.list(admin, null, null, new PageRequest(1, 20)).items())
                .extracting(Message::content).containsExactlyInAnyOrder("other", "direct");
        assertThat(messages.list(adaViewing, null, ada, new PageRequest(1, 20)).items()).isEmpty();
        assertThat(messages.deleteChannel(GENERAL)).isZero();
    }

    private static Message message(UserId from, UserId to, ChannelId channel, String content) {
        return new Message(new MessageId(UUID.randomUUID()), from, content, to, channel, T0, T0);
    }

    private List<Message> insertAll(Message... all) {
        for (Message m : all) {
            messages.insert(m);
        }
        return List.of(all);
    }

    private List<Message> all(Caller viewer, ChannelId channel, UserId recipient) {
        return messages.list(viewer, channel, recipient, new PageRequest(1, PageRequest.MAX_LIMIT)).items();
    }

    @Test
    void anInsertedMessageIsFoundWithEveryField() {
        Message direct = new Message(new MessageId(UUID.randomUUID()), ada, "héllo \"bob\" \uD83D\uDE00", bob, null,
                T0, T0.plusNanos(1_001));
        Message inChannel = message(ada, null, GENERAL, "hi all");

        insertAll(direct, inChannel);

        assertThat(messages.findById(direct.id())).contains(direct);
        assertThat(messages.findById(inChannel.id())).contains(inChannel);
        assertThat(messages.findById(new MessageId(UUID.randomUUID()))).isEmpty();
    }

    @Test
    void aUserSeesChannelMessagesAndTheDirectMessagesTheySentOrReceivedNewestFirst() {
        List<Message> m = insertAll(
                message(ada, bob, null, "0 ada to bob"),
                message(bob, cy, null, "1 bob to cy"),
                message(cy, null, GENERAL, "2 cy in general"),
                message(cy, ada, null, "3 cy to ada"),
                message(bob, cy, RANDOM, "4 bob to cy in random"),
                message(cy, bob, null, "5 cy to bob"));

        assertThat(all(adaViewing, null, null)).containsExactly(m.get(4), m.get(3), m.get(2), m.get(0));
        assertThat(messages.list(adaViewing, null, null, new PageRequest(1, 10)).total()).isEqualTo(4);
        assertThat(all(bobViewing, null, null)).containsExactly(m.get(5), m.get(4), m.get(2), m.get(1), m.get(0));
    }

    @Test
    void anAdminSeesEveryMessage() {
        List<Message> m = insertAll(
                message(ada, bob, null, "0"),
                message(bob, cy, null, "1"),
                message(cy, null, GENERAL, "2"));

        Page<Message> page = messages.list(admin, null, null, new PageRequest(1, 20));

        assertThat(page.items()).containsExactly(m.get(2), m.get(1), m.get(0));
        assertThat(page.total()).isEqualTo(3);
    }

    @Test
    void theChannelFilterListsThatChannelsMessagesToAnybody() {
        List<Message> m = insertAll(
                message(ada, null, GENERAL, "0"),
                message(bob, cy, GENERAL, "1"),
                message(bob, null, RANDOM, "2"),
                message(bob, ada, null, "3"));

        assertThat(all(adaViewing, GENERAL, null)).containsExactly(m.get(1), m.get(0));
        assertThat(all(admin, RANDOM, null)).containsExactly(m.get(2));
        assertThat(all(adaViewing, new ChannelId("nowhere"), null)).isEmpty();
    }

    @Test
    void theRecipientFilterListsWhatWasAddressedToThatUserAndMayBeSeen() {
        List<Message> m = insertAll(
                message(ada, bob, null, "0 ada to bob"),
                message(cy, bob, null, "1 cy to bob"),
                message(cy, bob, GENERAL, "2 cy to bob in general"),
                message(bob, ada, null, "3 bob to ada"),
                message(ada, null, GENERAL, "4 ada in general"));

        assertThat(all(bobViewing, null, bob)).containsExactly(m.get(2), m.get(1), m.get(0));
        assertThat(all(adaViewing, null, bob)).containsExactly(m.get(2), m.get(0));
        assertThat(all(admin, null, bob)).containsExactly(m.get(2), m.get(1), m.get(0));
        assertThat(all(adaViewing, GENERAL, bob)).containsExactly(m.get(2));
        assertThat(messages.list(adaViewing, null, bob, new PageRequest(1, 1)).total()).isEqualTo(2);
    }

    @Test
    void aSenderOfTheAppsIdentityProvider_isStoredAsTheirSubject_andSeesWhatTheySentToAChannel() {
        UserId external = new UserId("idp:ext-user_42");
        Caller externalViewing = Caller.external(external, Set.of(Role.USER), "Ext");
        Message sent = message(external, null, GENERAL, "from the identity provider");
        Message edited = sent.withContent("edited", T0.plusSeconds(1));
        insertAll(sent, message(ada, bob, null, "not theirs"));

        assertThat(messages.update(edited)).isTrue();

        assertThat(messages.findById(sent.id())).contains(edited);
        assertThat(all(externalViewing, null, null)).containsExactly(edited);
        assertThat(all(adaViewing, GENERAL, null)).containsExactly(edited);
    }

    @Test
    void anEditKeepsTheMessagesPlaceAndShowsTheNewContent() {
        List<Message> m = insertAll(message(ada, null, GENERAL, "0"), message(ada, bob, null, "1"),
                message(bob, null, GENERAL, "2"));
        Message edited = m.get(1).withContent("1 edited", T0.plusSeconds(5));

        assertThat(messages.update(edited)).isTrue();

        assertThat(messages.findById(edited.id())).contains(edited);
        assertThat(all(adaViewing, null, null)).containsExactly(m.get(2), edited, m.get(0));
        assertThat(all(bobViewing, null, bob)).containsExactly(edited);
    }

    @Test
    void anEditIsACompareAndSetOnTheVersion_soTwoEditsOfOneVersionCannotBothWin() {
        Message sent = insertAll(message(ada, null, GENERAL, "0")).get(0);
        Message first = sent.withContent("first", T0.plusSeconds(1));
        Message second = sent.withContent("second", T0.plusSeconds(2));

        assertThat(first.version()).isEqualTo(2);
        assertThat(messages.update(first)).isTrue();
        assertThat(messages.update(second)).as("written on version 1, which is gone").isFalse();
        assertThat(messages.findById(sent.id())).contains(first);

        Message third = first.withContent("third", T0.plusSeconds(3));
        assertThat(messages.update(third)).isTrue();
        assertThat(messages.findById(sent.id()).orElseThrow().version()).isEqualTo(3);
    }

    @Test
    void updatingAMissingMessageIsFalseAndStoresNothing() {
        Message ghost = message(ada, bob, null, "boo");

        assertThat(messages.update(ghost)).isFalse();

        assertThat(messages.findById(ghost.id())).isEmpty();
        assertThat(all(admin, null, null)).isEmpty();
    }

    @Test
    void aDeletedMessageLeavesEveryListAndEveryTotal() {
        List<Message> m = insertAll(message(ada, bob, GENERAL, "0"), message(ada, bob, null, "1"));

        assertThat(messages.delete(m.get(0).id())).isTrue();
        assertThat(messages.delete(m.get(1).id())).isTrue();

        assertThat(messages.delete(m.get(1).id())).isFalse();
        assertThat(messages.findById(m.get(0).id())).isEmpty();
        for (Caller viewer : List.of(adaViewing, bobViewing, admin)) {
            assertThat(messages.list(viewer, null, null, new PageRequest(1, 10)).total()).isZero();
            assertThat(messages.list(viewer, GENERAL, null, new PageRequest(1, 10)).total()).isZero();
            assertThat(messages.list(viewer, null, bob, new PageRequest(1, 10)).total()).isZero();
        }
    }

    @Test
    void aPageBeyondTheEndIsEmptyButKnowsTheTotal() {
        insertAll(message(ada, null, GENERAL, "0"), message(ada, bob, null, "1"), message(cy, bob, null, "2"));

        Page<Message> page = messages.list(adaViewing, null, null, new PageRequest(3, 1));
        Page<Message> beyond = messages.list(adaViewing, null, null, new PageRequest(4, 1));

        assertThat(page.items()).hasSize(0);
        assertThat(page.total()).isEqualTo(2);
        assertThat(beyond.items()).isEmpty();
        assertThat(beyond.total()).isEqualTo(2);
    }

    /**
     * A larger mix, checked against the visibility rule itself: for every viewer, filter and page size, the pages
     * put together are exactly the visible matches, newest first, and every page has the exact total.
     */
    @Test
    void everyViewFilterAndPageSizeAgreesWithTheVisibilityRule() {
        UserId[] people = {ada, bob, cy};
        ChannelId[] channels = {GENERAL, RANDOM};
        List<Message> inserted = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            UserId from = people[i % 3];
            UserId other = people[(i / 3 + i) % 3];
            Message m = switch (i % 7) {
                case 0, 4 -> message(from, null, channels[i % 2], "c" + i);
                case 1, 5 -> message(from, other, null, "d" + i);
                case 2 -> message(from, other, channels[(i / 7) % 2], "cd" + i);
                case 3 -> message(from, from, null, "self" + i);
                default -> message(from, people[(i + 1) % 3], null, "n" + i);
            };
            messages.insert(m);
            inserted.add(m);
        }
        for (int i = 0; i < inserted.size(); i += 9) { // delete some, edit others
            messages.delete(inserted.get(i).id());
        }
        List<Message> stored = new ArrayList<>();
        for (int i = 0; i < inserted.size(); i++) {
            if (i % 9 == 0) {
                continue;
            }
            Message m = inserted.get(i);
            if (i % 4 == 1) {
                m = m.withContent(m.content() + " (edited)", T0.plusSeconds(i));
                assertThat(messages.update(m)).isTrue();
            }
            stored.add(m);
        }
        List<Message> newestFirst = new ArrayList<>(stored);
        java.util.Collections.reverse(newestFirst);

        List<Caller> viewers = List.of(adaViewing, bobViewing, new Caller(cy, Set.of(Role.USER)), admin);
        List<ChannelId> channelFilters = Arrays.asList(null, GENERAL, RANDOM);
        List<UserId> recipientFilters = Arrays.asList(null, ada, bob, cy);
        for (Caller viewer : viewers) {
            for (ChannelId channel : channelFilters) {
                for (UserId recipient : recipientFilters) {
                    List<Message> expected = newestFirst.stream()
                            .filter(m -> m.isVisibleTo(viewer))
                            .filter(m -> channel == null || channel.equals(m.channelId()))
                            .filter(m -> recipient == null || recipient.equals(m.recipientId()))
                            .toList();
                    for (int limit : new int[] {1, 7, 100}) {
                        List<Message> pages = new ArrayList<>();
                        int pageCount = (expected.size() + limit - 1) / limit;
                        for (int p = 1; p <= pageCount + 1; p++) {
                            Page<Message> page = messages.list(viewer, channel, recipient, new PageRequest(p, limit));
                            assertThat(page.total()).as("total for %s %s %s", viewer.id(), channel, recipient)
                                    .isEqualTo(expected.size());
                            pages.addAll(page.items());
                        }
                        assertThat(pages).as("pages of %d for %s %s %s", limit, viewer.id(), channel, recipient)
                                .containsExactlyElementsOf(expected);
                    }
                }
            }
        }
    }

    /**
     * Hidden channels (private ones the viewer does not belong to) leave the unfiltered listing: page and total
     * agree for every page size, the viewer's own messages there stay, other viewers and filters are unaffected.
     */
    @Test
    void hiddenChannelsLeaveTheUnfilteredPagesAndTheirTotal_butTheViewersOwnMessagesThereStay() {
        ChannelId secret = new ChannelId("secret");
        ChannelId vault = new ChannelId("vault");
        ChannelId empty = new ChannelId("never-posted");
        UserId[] people = {ada, bob, cy};
        ChannelId[] channels = {GENERAL, secret, RANDOM, vault};
        List<Message> inserted = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            UserId from = people[(i * 7 / 5) % 3];
            Message m = i % 5 == 4 ? message(from, people[(i + 1) % 3], null, "d" + i)
                    : message(from, null, channels[(i / 2) % 4], "c" + i);
            messages.insert(m);
            inserted.add(m);
        }
        messages.delete(inserted.get(3).id());
        inserted.remove(3);
        Set<ChannelId> hidden = Set.of(secret, vault, empty);
        List<Message> newestFirst = new ArrayList<>(inserted);
        java.util.Collections.reverse(newestFirst);

        for (Caller viewer : List.of(adaViewing, bobViewing)) {
            List<Message> expected = newestFirst.stream().filter(m -> m.isVisibleTo(viewer))
                    .filter(m -> m.channelId() == null || !hidden.contains(m.channelId())
                            || m.senderId().equals(viewer.id())).toList();
            assertThat(expected).anyMatch(m -> secret.equals(m.channelId())); // the own-message rule is exercised
            assertThat(expected.size()).isLessThan((int) newestFirst.stream().filter(m -> m.isVisibleTo(viewer))
                    .count());
            for (int limit : new int[] {1, 4, 100}) {
                List<Message> pages = new ArrayList<>();
                int pageCount = (expected.size() + limit - 1) / limit;
                for (int p = 1; p <= pageCount + 1; p++) {
                    Page<Message> page = messages.list(viewer, null, null, hidden, new PageRequest(p, limit));
                    assertThat(page.total()).as("total for %s, pages of %d", viewer.id(), limit)
                            .isEqualTo(expected.size());
                    pages.addAll(page.items());
                }
                assertThat(pages).as("pages of %d for %s", limit, viewer.id()).containsExactlyElementsOf(expected);
            }
        }
        assertThat(messages.list(adaViewing, null, null, Set.of(), new PageRequest(1, 100)).total())
                .isEqualTo(newestFirst.stream().filter(m -> m.isVisibleTo(adaViewing)).count());
        assertThat(messages.list(admin, null, null, hidden, new PageRequest(1, 100)).total())
                .isEqualTo(newestFirst.size());
        assertThat(messages.list(bobViewing, secret, null, hidden, new PageRequest(1, 100)).total())
                .as("a channel filter ignores hidden").isEqualTo(newestFirst.stream()
                        .filter(m -> secret.equals(m.channelId())).count());
    }
}
