package io.switchboard.bootstrap.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.ApiClient;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.switchboard.bootstrap.support.ApiAssertions.ISO_MILLIS;
import static io.switchboard.bootstrap.support.ApiAssertions.UUID_SHAPE;
import static io.switchboard.bootstrap.support.ApiAssertions.assertError;
import static io.switchboard.bootstrap.support.ApiAssertions.assertSuccess;
import static io.switchboard.bootstrap.support.ApiAssertions.assertValidationError;
import static io.switchboard.bootstrap.support.ApiClient.GOOD_PASSWORD;
import static io.switchboard.bootstrap.support.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST/GET /api/messages and GET/PATCH/DELETE /api/messages/{id}. Tests share one server, so each works in its own
 * channel (channel messages are visible to everyone) and asserts on the messages it made.
 */
class MessagesApiTest {
    private static final String ADMIN_EMAIL = "root-messages@switchboard.test";
    private static final AtomicInteger CHANNELS = new AtomicInteger();
    private static TestServer server;
    private static ApiClient api;
    private static Http http;
    private static Account admin;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("ADMIN_EMAILS", ADMIN_EMAIL));
        api = server.api();
        http = server.http();
        admin = api.newAccount(ADMIN_EMAIL, "Root", GOOD_PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // --- post ---

    @Test
    void postingToAChannel_answers201WithTheMessage() {
        Account sender = api.newAccount("poster");
        String channel = channel();
        Instant before = Instant.now().minusSeconds(1);

        JsonNode message = assertSuccess(api.postMessage(sender.token(), body("content", "hello", "channelId", channel)),
                201);

        assertThat(fieldNames(message)).containsExactlyInAnyOrder("id", "senderId", "content", "channelId", "createdAt",
                "updatedAt");
        assertThat(message.path("id").asText()).matches(UUID_SHAPE);
        assertThat(message.path("senderId").asText()).isEqualTo(sender.id());
        assertThat(message.path("content").asText()).isEqualTo("hello");
        assertThat(message.path("channelId").asText()).isEqualTo(channel);
        assertThat(message.path("createdAt").asText()).matches(ISO_MILLIS);
        assertThat(Instant.parse(message.path("createdAt").asText())).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(message.path("updatedAt").asText()).isEqualTo(message.path("createdAt").asText());
    }

    @Test
    void postingToAUser_answers201WithTheRecipient_andNoChannel() {
        Account sender = api.newAccount("dmsender");
        Account recipient = api.newAccount("dmrecipient");

        JsonNode message = assertSuccess(api.postMessage(sender.token(),
                body("content", "psst", "recipientId", recipient.id())), 201);

        assertThat(message.path("recipientId").asText()).isEqualTo(recipient.id());
        assertThat(message.has("channelId")).isFalse();
    }

    @Test
    void postingWithBothRecipientAndChannel_keepsBoth() {
        Account sender = api.newAccount("both");
        Account recipient = api.newAccount("bothto");
        String channel = channel();

        JsonNode message = assertSuccess(api.postMessage(sender.token(),
                body("content", "both", "recipientId", recipient.id(), "channelId", channel)), 201);

        assertThat(message.path("recipientId").asText()).isEqualTo(recipient.id());
        assertThat(message.path("channelId").asText()).isEqualTo(channel);
    }

    @Test
    void postingWithNeitherRecipientNorChannel_is400Code2() {
        Account sender = api.newAccount("nowhere");
        assertValidationError(api.postMessage(sender.token(), body("content", "to nobody")), "recipientId");
    }

    @Test
    void postingToAnUnknownRecipient_is404RecipientNotFound_andStoresNothing() {
        Account sender = api.newAccount("lost");
        String stranger = UUID.randomUUID().toString();

        assertError(api.postMessage(sender.token(), body("content", "anyone?", "recipientId", stranger)),
                404, 3, "RECIPIENT_NOT_FOUND");

        assertThat(total(api.listMessages(admin.token(), "recipientId=" + stranger))).isZero();
    }

    @Test
    void postingWithoutContent_is400Code2() {
        Account sender = api.newAccount("nocontent");
        assertValidationError(api.postMessage(sender.token(), body("channelId", channel())), "content");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\t "})
    void postingEmptyOrBlankContent_is400Code2(String content) {
        Account sender = api.newAccount("blank");
        assertValidationError(api.postMessage(sender.token(), body("content", content, "channelId", channel())),
                "content");
    }

    @Test
    void contentOf10000Characters_isAccepted_and10001Refused_andTheRefusedOneIsNotStored() {
        Account sender = api.newAccount("long");
        String channel = channel();

        assertSuccess(api.postMessage(sender.token(), body("content", "c".repeat(10_000), "channelId", channel)), 201);
        assertValidationError(api.postMessage(sender.token(), body("content", "c".repeat(10_001), "channelId", channel)),
                "content");

        assertThat(total(api.listMessages(sender.token(), "channelId=" + channel))).isEqualTo(1);
    }

    @Test
    void aFieldOfTheWrongType_is400Code2NamingIt() {
        Account sender = api.newAccount("typedmsg");
        String channel = channel();

        assertValidationError(http.call("POST", "/api/messages").bearer(sender.token())
                .raw("{\"content\":123,\"channelId\":\"" + channel + "\"}").send(), "content");
        assertValidationError(http.call("POST", "/api/messages").bearer(sender.token())
                .raw("{\"content\":\"ok\",\"channelId\":[\"" + channel + "\"]}").send(), "channelId");
        assertValidationError(http.call("POST", "/api/messages").bearer(sender.token())
                .raw("{\"content\":\"ok\",\"recipientId\":42}").send(), "recipientId");

        assertThat(total(api.listMessages(sender.token(), "channelId=" + channel))).isZero();
    }

    @Test
    void aRecipientIdThatIsNoUserId_is400Code2() {
        Account sender = api.newAccount("badrecipient");
        assertValidationError(api.postMessage(sender.token(), body("content", "hi", "recipientId", "bob smith")),
                "recipientId");
    }

    @Test
    void aRecipientIdThatIsNoAccount_butCouldBeAnIdentityProvidersUser_is404RecipientNotFound() {
        Account sender = api.newAccount("idprecipient");
        assertError(api.postMessage(sender.token(), body("content", "hi", "recipientId", "bob")), 404, 3,
                "RECIPIENT_NOT_FOUND");
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "dot.ted", "star*", "slash/", "ümlaut", ""})
    void aChannelIdOutsideItsCharset_is400Code2(String channel) {
        Account sender = api.newAccount("badchannel");
        assertValidationError(api.postMessage(sender.token(), body("content", "hi", "channelId", channel)),
                "channelId");
    }

    @Test
    void channelIdLength_100Accepted_101Refused() {
        Account sender = api.newAccount("channellength");
        String hundred = (channel() + "_").repeat(20).substring(0, 100);

        assertSuccess(api.postMessage(sender.token(), body("content", "hi", "channelId", hundred)), 201);
        assertValidationError(api.postMessage(sender.token(), body("content", "hi", "channelId", hundred + "x")),
                "channelId");
    }

    @Test
    void channelIdsMayUseLettersDigitsUnderscoreAndDash() {
        Account sender = api.newAccount("channelchars");
        String channel = "Az09_-" + CHANNELS.incrementAndGet();

        assertThat(assertSuccess(api.postMessage(sender.token(), body("content", "hi", "channelId", channel)), 201)
                .path("channelId").asText()).isEqualTo(channel);
    }

    @Test
    void everyBrokenFieldIsReportedAtOnce() {
        Account sender = api.newAccount("allbroken");
        assertValidationError(api.postMessage(sender.token(), body("content", "", "channelId", "bad channel")),
                "content", "channelId");
        assertValidationError(api.postMessage(sender.token(), body("recipientId", "bob/")), "content", "recipientId");
    }

    @Test
    void aContentOfTheWrongTypeIsReportedOnce_nextToTheOtherBrokenFields() {
        Account sender = api.newAccount("typedandbroken");
        assertValidationError(http.call("POST", "/api/messages").bearer(sender.token())
                .raw("{\"content\":5,\"channelId\":\"bad channel\"}").send(), "content", "channelId");
    }

    // --- get one ---

    @Test
    void getMessage_answersTheMessage() {
        Account sender = api.newAccount("getter");
        String id = api.sendToChannel(sender, channel(), "fetch me");

        JsonNode message = assertSuccess(api.getMessage(sender.token(), id), 200);

        assertThat(message.path("id").asText()).isEqualTo(id);
        assertThat(message.path("content").asText()).isEqualTo("fetch me");
    }

    @Test
    void aDirectMessage_isVisibleToSenderRecipientAndAdmin_andNotFoundForAnyoneElse() {
        Account sender = api.newAccount("dmfrom");
        Account recipient = api.newAccount("dmto");
        Account outsider = api.newAccount("outsider");
        String id = api.sendDirect(sender, recipient, "secret");

        assertSuccess(api.getMessage(sender.token(), id), 200);
        assertSuccess(api.getMessage(recipient.token(), id), 200);
        assertSuccess(api.getMessage(admin.token(), id), 200);
        JsonNode hidden = assertError(api.getMessage(outsider.token(), id), 404, 3, "MESSAGE_NOT_FOUND");
        JsonNode missing = assertError(api.getMessage(outsider.token(), UUID.randomUUID().toString()), 404, 3,
                "MESSAGE_NOT_FOUND");

        assertThat(hidden).as("a hidden message looks exactly like a missing one").isEqualTo(missing);
    }

    @Test
    void aChannelMessage_isVisibleToAnyUser() {
        Account sender = api.newAccount("broadcaster");
        Account anyone = api.newAccount("anyone");
        String id = api.sendToChannel(sender, channel(), "for all");

        assertSuccess(api.getMessage(anyone.token(), id), 200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "42", "g0000000-0000-0000-0000-000000000000"})
    void aMessageIdThatIsNotAUuid_is400Code1_onEveryMessageRoute(String badId) {
        Account caller = api.newAccount("badmsgid");

        assertError(api.getMessage(caller.token(), badId), 400, 1, "INVALID_ID");
        assertError(api.editMessage(caller.token(), badId, Map.of("content", "x")), 400, 1, "INVALID_ID");
        assertError(api.deleteMessage(caller.token(), badId), 400, 1, "INVALID_ID");
    }

    // --- patch ---

    @Test
    void theSender_canEditTheContent_andOnlyUpdatedAtMoves() {
        Account sender = api.newAccount("editor");
        String channel = channel();
        JsonNode original = assertSuccess(api.postMessage(sender.token(), body("content", "frist", "channelId", channel)),
                201);
        String id = original.path("id").asText();

        JsonNode edited = assertSuccess(api.editMessage(sender.token(), id, Map.of("content", "first")), 200);

        assertThat(edited.path("content").asText()).isEqualTo("first");
        assertThat(edited.path("id").asText()).isEqualTo(id);
        assertThat(edited.path("channelId").asText()).isEqualTo(channel);
        assertThat(edited.path("senderId").asText()).isEqualTo(sender.id());
        assertThat(edited.path("createdAt").asText()).isEqualTo(original.path("createdAt").asText());
        assertThat(Instant.parse(edited.path("updatedAt").asText()))
                .isAfterOrEqualTo(Instant.parse(original.path("updatedAt").asText()));
        assertThat(api.getMessage(sender.token(), id).data().path("content").asText()).isEqualTo("first");
    }

    @Test
    void someoneElse_editingAVisibleMessage_is403_andTheMessageIsUnchanged() {
        Account sender = api.newAccount("author");
        Account other = api.newAccount("vandal");
        String id = api.sendToChannel(sender, channel(), "original");

        assertError(api.editMessage(other.token(), id, Map.of("content", "defaced")), 403, 5, null);

        assertThat(api.getMessage(sender.token(), id).data().path("content").asText()).isEqualTo("original");
    }

    @Test
    void theRecipient_cannotEditADirectMessage() {
        Account sender = api.newAccount("dmauthor");
        Account recipient = api.newAccount("dmreader");
        String id = api.sendDirect(sender, recipient, "as sent");

        assertError(api.editMessage(recipient.token(), id, Map.of("content", "as received")), 403, 5, null);
        assertThat(api.getMessage(sender.token(), id).data().path("content").asText()).isEqualTo("as sent");
    }

    @Test
    void anAdmin_cannotEditSomeoneElsesMessage() {
        Account sender = api.newAccount("adminproof");
        String id = api.sendToChannel(sender, channel(), "mine");

        assertError(api.editMessage(admin.token(), id, Map.of("content", "admin's now")), 403, 5, null);
    }

    @Test
    void editingADirectMessageTheCallerCannotSee_is404() {
        Account sender = api.newAccount("hiddenfrom");
        Account recipient = api.newAccount("hiddento");
        Account outsider = api.newAccount("hiddenout");
        String id = api.sendDirect(sender, recipient, "private");

        assertError(api.editMessage(outsider.token(), id, Map.of("content", "x")), 404, 3, "MESSAGE_NOT_FOUND");
        assertError(api.deleteMessage(outsider.token(), id), 404, 3, "MESSAGE_NOT_FOUND");
        assertThat(api.getMessage(sender.token(), id).data().path("content").asText()).isEqualTo("private");
    }

    @Test
    void editingWithInvalidContent_is400Code2_andChangesNothing() {
        Account sender = api.newAccount("badedit");
        String id = api.sendToChannel(sender, channel(), "keep me");

        assertValidationError(api.editMessage(sender.token(), id, Map.of("content", "")), "content");
        assertValidationError(api.editMessage(sender.token(), id, Map.of("content", "e".repeat(10_001))), "content");
        assertValidationError(api.editMessage(sender.token(), id, Map.of()), "content");
        assertValidationError(http.call("PATCH", "/api/messages/" + id).bearer(sender.token())
                .raw("{\"content\":true}").send(), "content");
        assertError(http.call("PATCH", "/api/messages/" + id).bearer(sender.token()).raw("{\"content\"").send(),
                400, 1, "MALFORMED_JSON");

        assertThat(api.getMessage(sender.token(), id).data().path("content").asText()).isEqualTo("keep me");
    }

    @Test
    void editingAnUnknownMessage_is404() {
        Account sender = api.newAccount("editghost");
        assertError(api.editMessage(sender.token(), UUID.randomUUID().toString(), Map.of("content", "x")),
                404, 3, "MESSAGE_NOT_FOUND");
    }

    // --- delete ---

    @Test
    void theSender_canDelete_andThenItIsGone() {
        Account sender = api.newAccount("remover");
        String channel = channel();
        String id = api.sendToChannel(sender, channel, "ephemeral");

        Http.Response deleted = api.deleteMessage(sender.token(), id);

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertError(api.getMessage(sender.token(), id), 404, 3, "MESSAGE_NOT_FOUND");
        assertThat(total(api.listMessages(sender.token(), "channelId=" + channel))).isZero();
        assertError(api.deleteMessage(sender.token(), id), 404, 3, "MESSAGE_NOT_FOUND");
    }

    @Test
    void someoneElse_deletingAVisibleMessage_is403_andItStays() {
        Account sender = api.newAccount("keeper");
        Account other = api.newAccount("shredder");
        String id = api.sendToChannel(sender, channel(), "stays");

        assertError(api.deleteMessage(other.token(), id), 403, 5, null);

        assertSuccess(api.getMessage(sender.token(), id), 200);
    }

    @Test
    void theRecipient_cannotDeleteADirectMessage() {
        Account sender = api.newAccount("dmkeeper");
        Account recipient = api.newAccount("dmshredder");
        String id = api.sendDirect(sender, recipient, "stays too");

        assertError(api.deleteMessage(recipient.token(), id), 403, 5, null);
        assertSuccess(api.getMessage(recipient.token(), id), 200);
    }

    @Test
    void anAdmin_canDeleteAnyMessage_evenADirectOne() {
        Account sender = api.newAccount("moderated");
        Account recipient = api.newAccount("moderatedto");
        String id = api.sendDirect(sender, recipient, "against the rules");

        assertThat(api.deleteMessage(admin.token(), id).status()).isEqualTo(204);

        assertError(api.getMessage(sender.token(), id), 404, 3, "MESSAGE_NOT_FOUND");
    }

    // --- list: pages ---

    @Test
    void listing_isNewestFirst_withPageArithmetic() {
        Account sender = api.newAccount("pager");
        String channel = channel();
        List<String> sent = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            sent.add(api.sendToChannel(sender, channel, "message " + i));
        }

        JsonNode first = assertSuccess(api.listMessages(sender.token(), "channelId=" + channel + "&limit=2"), 200);
        JsonNode second = assertSuccess(api.listMessages(sender.token(), "channelId=" + channel + "&limit=2&page=2"), 200);
        JsonNode last = assertSuccess(api.listMessages(sender.token(), "channelId=" + channel + "&limit=2&page=3"), 200);

        assertThat(fieldNames(first)).containsExactlyInAnyOrder("items", "page", "limit", "total", "totalPages",
                "hasNext", "hasPrevious");
        assertPage(first, 1, 2, 5, 3, true, false);
        assertThat(ids(first)).containsExactly(sent.get(4), sent.get(3));
        assertPage(second, 2, 2, 5, 3, true, true);
        assertThat(ids(second)).containsExactly(sent.get(2), sent.get(1));
        assertPage(last, 3, 2, 5, 3, false, true);
        assertThat(ids(last)).containsExactly(sent.get(0));
    }

    @Test
    void aPageBeyondTheEnd_isEmptyButKeepsTheTotals() {
        Account sender = api.newAccount("beyond");
        String channel = channel();
        api.sendToChannel(sender, channel, "only one");

        JsonNode page = assertSuccess(api.listMessages(sender.token(), "channelId=" + channel + "&page=7&limit=10"), 200);

        assertPage(page, 7, 10, 1, 1, false, true);
        assertThat(page.path("items")).isEmpty();
    }

    @Test
    void anEmptyList_hasZeroPages() {
        Account reader = api.newAccount("empty");

        JsonNode page = assertSuccess(api.listMessages(reader.token(), "channelId=" + channel()), 200);

        assertPage(page, 1, 20, 0, 0, false, false);
        assertThat(page.path("items")).isEmpty();
    }

    @Test
    void withoutPageOrLimit_theDefaultsArePage1AndLimit20() {
        Account sender = api.newAccount("defaults");
        String channel = channel();
        for (int i = 0; i < 21; i++) {
            api.sendToChannel(sender, channel, "m" + i);
        }

        JsonNode page = assertSuccess(api.listMessages(sender.token(), "channelId=" + channel), 200);

        assertPage(page, 1, 20, 21, 2, true, false);
        assertThat(page.path("items")).hasSize(20);
    }

    @Test
    void limitsOf1And100_areAccepted() {
        Account reader = api.newAccount("limits");
        assertThat(assertSuccess(api.listMessages(reader.token(), "limit=1"), 200).path("limit").asInt()).isEqualTo(1);
        assertThat(assertSuccess(api.listMessages(reader.token(), "limit=100"), 200).path("limit").asInt()).isEqualTo(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=101", "limit=abc", "limit=-1", "limit=", "limit=1.5",
            "limit=99999999999", "page=0", "page=-1", "page=abc", "page=", "limit=1&limit=2",
            "channelId=bad%20channel", "channelId=", "recipientId=not-a-uuid"})
    void aBadQueryParameter_is400Code1(String query) {
        Account reader = api.newAccount("badquery");
        assertError(api.listMessages(reader.token(), query), 400, 1, null);
    }

    @Test
    void unknownQueryParameters_areIgnored() {
        Account reader = api.newAccount("unknownquery");
        assertSuccess(api.listMessages(reader.token(), "sort=oldest&foo=bar"), 200);
    }

    // --- list: visibility and filters ---

    @Test
    void aUserSeesWhatTheySent_whatTheyReceived_andChannelMessages_butNotOthersDirectMessages() {
        Account me = api.newAccount("viewer");
        Account friend = api.newAccount("friend");
        Account stranger = api.newAccount("stranger");
        String sentByMe = api.sendDirect(me, friend, "from me");
        String sentToMe = api.sendDirect(friend, me, "to me");
        String inChannel = api.sendToChannel(stranger, channel(), "in a channel");
        String between = api.sendDirect(friend, stranger, "not for me");

        List<String> visible = allVisibleIds(me);

        assertThat(visible).contains(sentByMe, sentToMe, inChannel).doesNotContain(between);
        assertThat(allVisibleIds(admin)).contains(sentByMe, sentToMe, inChannel, between);
    }

    @Test
    void theChannelFilter_keepsOnlyThatChannel() {
        Account sender = api.newAccount("channelfilter");
        Account recipient = api.newAccount("channelfilterto");
        String channel = channel();
        String wanted = api.sendToChannel(sender, channel, "wanted");
        api.sendToChannel(sender, channel(), "other channel");
        api.sendDirect(sender, recipient, "direct");

        JsonNode page = assertSuccess(api.listMessages(sender.token(), "channelId=" + channel), 200);

        assertThat(ids(page)).containsExactly(wanted);
        assertThat(page.path("total").asLong()).isEqualTo(1);
    }

    @Test
    void theRecipientFilter_keepsOnlyMessagesToThatUser() {
        Account me = api.newAccount("recipientfilter");
        Account a = api.newAccount("rfa");
        Account b = api.newAccount("rfb");
        String toA1 = api.sendDirect(me, a, "to a 1");
        api.sendDirect(me, b, "to b");
        String toA2 = api.sendDirect(me, a, "to a 2");
        api.sendToChannel(me, channel(), "channel");

        JsonNode page = assertSuccess(api.listMessages(me.token(), "recipientId=" + a.id()), 200);

        assertThat(ids(page)).containsExactly(toA2, toA1);
    }

    @Test
    void theRecipientFilter_doesNotRevealOthersDirectMessages() {
        Account sender = api.newAccount("rfsender");
        Account recipient = api.newAccount("rfrecipient");
        Account snoop = api.newAccount("rfsnoop");
        api.sendDirect(sender, recipient, "private");

        assertThat(total(api.listMessages(snoop.token(), "recipientId=" + recipient.id()))).isZero();
        assertThat(total(api.listMessages(recipient.token(), "recipientId=" + recipient.id()))).isEqualTo(1);
        assertThat(total(api.listMessages(admin.token(), "recipientId=" + recipient.id()))).isEqualTo(1);
    }

    @Test
    void bothFilters_combine() {
        Account me = api.newAccount("bothfilters");
        Account to = api.newAccount("bothfiltersto");
        String channel = channel();
        String match = created(api.postMessage(me.token(), body("content", "both", "recipientId", to.id(),
                "channelId", channel)));
        api.sendToChannel(me, channel, "channel only");
        api.sendDirect(me, to, "direct only");

        JsonNode page = assertSuccess(api.listMessages(me.token(), "channelId=" + channel + "&recipientId=" + to.id()),
                200);

        assertThat(ids(page)).containsExactly(match);
    }

    @Test
    void editedMessagesKeepTheirPlaceInTheList() {
        Account sender = api.newAccount("editorder");
        String channel = channel();
        String older = api.sendToChannel(sender, channel, "older");
        String newer = api.sendToChannel(sender, channel, "newer");
        assertSuccess(api.editMessage(sender.token(), older, Map.of("content", "older, edited")), 200);

        assertThat(ids(api.listMessages(sender.token(), "channelId=" + channel).data())).containsExactly(newer, older);
    }

    private static String channel() {
        return "ch-" + CHANNELS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static long total(Http.Response response) {
        return assertSuccess(response, 200).path("total").asLong();
    }

    private static String created(Http.Response response) {
        return assertSuccess(response, 201).path("id").asText();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    /** Every message the account may see, walking all pages. */
    private static List<String> allVisibleIds(Account account) {
        List<String> ids = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonNode data = assertSuccess(api.listMessages(account.token(), "limit=100&page=" + page), 200);
            ids.addAll(ids(data));
            if (!data.path("hasNext").asBoolean()) {
                return ids;
            }
        }
    }

    private static void assertPage(JsonNode page, int number, int limit, long total, long totalPages, boolean hasNext,
                                   boolean hasPrevious) {
        assertThat(page.path("page").asInt()).as("page").isEqualTo(number);
        assertThat(page.path("limit").asInt()).as("limit").isEqualTo(limit);
        assertThat(page.path("total").asLong()).as("total").isEqualTo(total);
        assertThat(page.path("totalPages").asLong()).as("totalPages").isEqualTo(totalPages);
        assertThat(page.path("hasNext").isBoolean() && page.path("hasNext").booleanValue()).as("hasNext")
                .isEqualTo(hasNext);
        assertThat(page.path("hasPrevious").isBoolean() && page.path("hasPrevious").booleanValue()).as("hasPrevious")
                .isEqualTo(hasPrevious);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
