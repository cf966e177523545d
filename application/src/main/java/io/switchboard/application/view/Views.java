package io.switchboard.application.view;

import io.switchboard.domain.common.Page;
import io.switchboard.domain.message.Message;
import io.switchboard.domain.user.PublicUser;
import io.switchboard.domain.user.Role;

import io.switchboard.domain.channel.Channel;
import io.switchboard.domain.channel.Member;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The contract's public shapes (PublicUser, Message, ...) as plain JSON-ready trees of maps, lists, strings and
 * numbers. REST responses and WebSocket events both render from here, so the two can never disagree, and the
 * core stays free of any JSON library.
 */
public final class Views {
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Views() {
    }

    /** ISO-8601 UTC with exactly three fraction digits: `2026-01-02T03:04:05.678Z`. */
    public static String iso(Instant instant) {
        return instant == null ? null : ISO_MILLIS.format(instant);
    }

    public static Map<String, Object> user(PublicUser user) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", user.id().toString());
        view.put("email", user.email().value());
        view.put("name", user.name());
        view.put("roles", user.roles().stream().map(Role::wireName).sorted().toList());
        view.put("createdAt", iso(user.createdAt()));
        view.put("updatedAt", iso(user.updatedAt()));
        return view;
    }

    public static Map<String, Object> message(Message message) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", message.id().toString());
        view.put("senderId", message.senderId().toString());
        view.put("content", message.content());
        message.recipient().ifPresent(r -> view.put("recipientId", r.toString()));
        message.channel().ifPresent(c -> view.put("channelId", c.value()));
        view.put("createdAt", iso(message.createdAt()));
        view.put("updatedAt", iso(message.updatedAt()));
        return view;
    }

    /** Channel = {channelId, name, description, private, ownerId, memberCount, createdAt, updatedAt}. */
    public static Map<String, Object> channel(Channel channel) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("channelId", channel.id().value());
        view.put("name", channel.name());
        view.put("description", channel.description());
        view.put("private", channel.isPrivate());
        view.put("ownerId", channel.ownerId().toString());
        view.put("memberCount", channel.memberCount());
        view.put("createdAt", iso(channel.createdAt()));
        view.put("updatedAt", iso(channel.updatedAt()));
        return view;
    }

    /** Member = {userId, name, role, joinedAt}. */
    public static Map<String, Object> member(Member member) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("userId", member.userId().toString());
        view.put("name", member.name());
        view.put("role", member.role().wire());
        view.put("joinedAt", iso(member.joinedAt()));
        return view;
    }

    public static <T> Map<String, Object> page(Page<T> page, Function<T, Map<String, Object>> item) {
        Map<String, Object> view = new LinkedHashMap<>();
        List<Map<String, Object>> items = page.items().stream().map(item).toList();
        view.put("items", items);
        view.put("page", page.page());
        view.put("limit", page.limit());
        view.put("total", page.total());
        view.put("totalPages", page.totalPages());
        view.put("hasNext", page.hasNext());
        view.put("hasPrevious", page.hasPrevious());
        return view;
    }
}
