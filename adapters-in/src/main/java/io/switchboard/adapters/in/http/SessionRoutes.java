package io.switchboard.adapters.in.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.adapters.in.json.JsonObject;
import io.switchboard.application.port.in.session.CompleteSessionUseCase;
import io.switchboard.application.port.in.session.CreateSessionUseCase;
import io.switchboard.application.port.in.session.DeleteSessionUseCase;
import io.switchboard.application.port.in.session.GetSessionUseCase;
import io.switchboard.application.port.in.session.PauseSessionUseCase;
import io.switchboard.application.port.in.session.ResumeSessionUseCase;
import io.switchboard.application.port.in.session.SessionCommand;
import io.switchboard.application.port.in.session.StartSessionUseCase;
import io.switchboard.application.port.in.session.SwitchCycleUseCase;
import io.switchboard.application.view.SessionViews;
import io.switchboard.domain.failure.FieldError;
import io.switchboard.domain.failure.InvalidInput;
import io.switchboard.domain.failure.ValidationFailed;
import io.switchboard.domain.session.ActionOnTimeout;
import io.switchboard.domain.session.ParticipantSpec;
import io.switchboard.domain.session.SessionId;
import io.switchboard.domain.session.SessionSpec;
import io.switchboard.domain.session.SessionState;
import io.switchboard.domain.session.SyncMode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** /api/sessions: create, read, the five transitions (with If-Match) and delete. */
final class SessionRoutes {
    private static final Pattern PARTICIPANT_CLOCK = Pattern.compile("^participants\\[(\\d+)]\\.totalTimeMs$");
    private static final Pattern IF_MATCH = Pattern.compile("^(?:W/)?\"?([0-9]{1,18})\"?$");

    /** The session use cases. */
    record UseCases(CreateSessionUseCase create, GetSessionUseCase get, StartSessionUseCase start,
                    SwitchCycleUseCase switchCycle, PauseSessionUseCase pause, ResumeSessionUseCase resume,
                    CompleteSessionUseCase complete, DeleteSessionUseCase delete) {
    }

    private final UseCases sessions;
    private final Supplier<Instant> clock;

    SessionRoutes(UseCases sessions, Supplier<Instant> clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    void addTo(Router router) {
        router.add("POST", "/api/sessions", true, this::create)
                .add("GET", "/api/sessions/{id}", true,
                        call -> state(sessions.get().get(call.caller(), SessionId.parse(call.path("id")))))
                .add("POST", "/api/sessions/{id}/start", true, call -> state(sessions.start().start(command(call))))
                .add("POST", "/api/sessions/{id}/switch", true, this::switchCycle)
                .add("POST", "/api/sessions/{id}/pause", true, call -> state(sessions.pause().pause(command(call))))
                .add("POST", "/api/sessions/{id}/resume", true, call -> state(sessions.resume().resume(command(call))))
                .add("POST", "/api/sessions/{id}/complete", true,
                        call -> state(sessions.complete().complete(command(call))))
                .add("DELETE", "/api/sessions/{id}", true, call -> {
                    sessions.delete().delete(command(call));
                    return Reply.noContent();
                });
    }

    private Reply create(HttpCall call) throws Exception {
        JsonObject body = call.body();
        String sessionId = body.string("sessionId");
        String syncMode = body.string("syncMode");
        JsonNode participants = body.array("participants");
        Long totalTimeMs = body.integer("totalTimeMs");
        Long timePerCycleMs = body.integer("timePerCycleMs");
        Long incrementMs = body.integer("incrementMs");
        Long maxTimeMs = body.integer("maxTimeMs");
        String actionOnTimeout = body.string("actionOnTimeout");
        ObjectNode metadata = body.object("metadata");

        SessionId id = null;
        if (sessionId != null) {
            try {
                id = SessionId.parse(sessionId);
            } catch (InvalidInput e) {
                body.violations().add("sessionId", "must be a UUID");
            }
        }
        SyncMode mode = parse(body, () -> syncMode == null ? null : SyncMode.parse(syncMode));
        ActionOnTimeout action = parse(body, () -> actionOnTimeout == null ? null : ActionOnTimeout.parse(actionOnTimeout));
        List<ParticipantSpec> specs = participants(body, participants);
        List<FieldError> unreadable = List.of();
        try {
            body.check();
        } catch (ValidationFailed typeErrors) {
            unreadable = typeErrors.errors();
        }
        SessionSpec spec;
        try {
            spec = new SessionSpec(id, mode, specs, totalTimeMs, timePerCycleMs, incrementMs, maxTimeMs, action,
                    metadata == null ? null : JsonObject.toMap(metadata));
        } catch (ValidationFailed rules) {
            throw unreadable.isEmpty() ? rules : new ValidationFailed(merge(unreadable, rules.errors(), specs));
        }
        if (!unreadable.isEmpty()) {
            throw new ValidationFailed(unreadable);
        }
        SessionState created = sessions.create().create(new CreateSessionUseCase.Command(call.caller(), spec));
        return Reply.created(SessionViews.state(created, clock.get()));
    }

    private Reply switchCycle(HttpCall call) throws Exception {
        SessionId id = SessionId.parse(call.path("id"));
        Long expected = expectedVersion(call);
        JsonObject body = call.optionalBody();
        String next = null;
        if (body != null) {
            next = body.string("nextParticipantId");
            body.check();
        }
        return state(sessions.switchCycle().switchCycle(
                new SwitchCycleUseCase.Command(call.caller(), id, next, expected)));
    }

    private SessionCommand command(HttpCall call) {
        SessionId id = SessionId.parse(call.path("id"));
        return new SessionCommand(call.caller(), id, expectedVersion(call));
    }

    private Reply state(SessionState state) {
        return Reply.ok(SessionViews.state(state, clock.get()));
    }

    /** {@code If-Match: "<version>"} (quotes optional); absent means "whatever the current version is". */
    static Long expectedVersion(HttpCall call) {
        String header = call.header("If-Match");
        if (header == null || header.isBlank()) {
            return null;
        }
        Matcher m = IF_MATCH.matcher(header.trim());
        if (!m.matches()) {
            throw new InvalidInput("INVALID_IF_MATCH", "If-Match must be a version number, e.g. \"3\"");
        }
        return Long.parseLong(m.group(1));
    }

    private static List<ParticipantSpec> participants(JsonObject body, JsonNode array) {
        if (array == null) {
            return null;
        }
        if (array.size() > SessionSpec.MAX_PARTICIPANTS) {
            // SessionSpec refuses the count as one broken rule; reading each element would only pile up more.
            return Collections.nCopies(array.size(), null);
        }
        List<ParticipantSpec> specs = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String path = "participants[" + i + "]";
            JsonNode element = array.get(i);
            if (!(element instanceof ObjectNode object)) {
                body.violations().add(path, "must be a JSON object");
                specs.add(null); // keeps the indices of the others (SessionSpec names participants[i] again)
                continue;
            }
            JsonObject participant = body.nested(object, path);
            specs.add(new ParticipantSpec(participant.string("participantId"), participant.integer("totalTimeMs"),
                    participant.string("groupId")));
        }
        return specs;
    }

    /**
     * Every broken rule at once: the fields that could not be read (wrong JSON type, unknown name), then the rules
     * the readable fields break. The rules saw an unreadable field as absent, so what they say about it (or, for
     * the session's totalTimeMs, about the missing clocks of participants it would have stood in for) is left out.
     */
    private static List<FieldError> merge(List<FieldError> unreadable, List<FieldError> rules,
                                          List<ParticipantSpec> specs) {
        Set<String> named = new HashSet<>();
        unreadable.forEach(e -> named.add(e.field()));
        boolean sessionClockUnreadable = named.contains("totalTimeMs");
        List<FieldError> all = new ArrayList<>(unreadable);
        for (FieldError rule : rules) {
            if (named.contains(rule.field())) {
                continue;
            }
            Matcher clock = PARTICIPANT_CLOCK.matcher(rule.field());
            if (sessionClockUnreadable && clock.matches() && specs != null) {
                ParticipantSpec p = specs.get(Integer.parseInt(clock.group(1)));
                if (p != null && p.totalTimeMs() == null) {
                    continue; // "required because the session has none": it has one, just not readable
                }
            }
            all.add(rule);
        }
        return all;
    }

    private static <T> T parse(JsonObject body, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (ValidationFailed e) {
            body.violations().addAll(e.errors());
            return null;
        }
    }
}
