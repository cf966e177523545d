package io.switchboard.bootstrap.rooms;

import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.TestServer;

import java.util.Map;

/** REST calls of the channel and presence routes, for the tests of this package. */
final class Rooms {
    private final Http http;

    Rooms(TestServer server) {
        this.http = server.http();
    }

    Http.Response declare(Account caller, String channelId, boolean isPrivate) {
        return http.call("POST", "/api/channels").bearer(caller.token())
                .json(Map.of("channelId", channelId, "name", "Channel " + channelId, "private", isPrivate)).send();
    }

    Http.Response get(Account caller, String path) {
        return http.call("GET", path).bearer(caller.token()).send();
    }

    Http.Response patch(Account caller, String channelId, Map<String, ?> body) {
        return http.call("PATCH", "/api/channels/" + channelId).bearer(caller.token()).json(body).send();
    }

    Http.Response delete(Account caller, String path) {
        return http.call("DELETE", path).bearer(caller.token()).send();
    }

    Http.Response addMember(Account caller, String channelId, Account member, String role) {
        Http.Call call = http.call("PUT", "/api/channels/" + channelId + "/members/" + member.id())
                .bearer(caller.token());
        return role == null ? call.send() : call.json(Map.of("role", role)).send();
    }

    Http.Response removeMember(Account caller, String channelId, Account member) {
        return delete(caller, "/api/channels/" + channelId + "/members/" + member.id());
    }

    Http.Response post(Account caller, String channelId, String content) {
        return http.call("POST", "/api/messages").bearer(caller.token())
                .json(Map.of("channelId", channelId, "content", content)).send();
    }
}
