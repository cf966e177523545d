package io.switchboard.application.service.history;

import io.switchboard.application.history.HistorySettings;
import io.switchboard.application.port.in.history.ReadHistoryUseCase;
import io.switchboard.application.port.in.realtime.RecoverTopicUseCase;
import io.switchboard.application.port.in.topic.AuthorizeTopicUseCase;
import io.switchboard.application.port.out.PubSub;
import io.switchboard.application.port.out.TopicHistory;
import io.switchboard.application.realtime.StreamPosition;
import io.switchboard.domain.failure.FieldError;
import io.switchboard.domain.failure.ValidationFailed;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;
import io.switchboard.domain.user.Caller;

import java.util.List;
import java.util.Objects;

/**
 * History and recovery (docs/history-and-recovery.md): GET /api/history, and what a subscribe with {@code since}
 * replays. Rights are checked through {@link #mayRead}, the one hook that decides whether a caller may read a topic's
 * history (today: may subscribe to it, {@link AuthorizeTopicUseCase#canSubscribe}); pattern recovery asks it for
 * every topic it would replay, so a topic the caller lost access to since is left out.
 */
public final class HistoryService implements ReadHistoryUseCase, RecoverTopicUseCase {
    private final TopicHistory history;
    private final PubSub pubSub;
    private final AuthorizeTopicUseCase policy;
    private final HistorySettings settings;

    public HistoryService(TopicHistory history, PubSub pubSub, AuthorizeTopicUseCase policy,
                          HistorySettings settings) {
        this.history = Objects.requireNonNull(history);
        this.pubSub = Objects.requireNonNull(pubSub);
        this.policy = Objects.requireNonNull(policy);
        this.settings = Objects.requireNonNull(settings);
    }

    /** The hook for read rights on one concrete topic (membership of private channels plugs in here). */
    boolean mayRead(Caller caller, Topic topic) {
        return policy.canSubscribe(caller, topic.asPattern());
    }

    @Override
    public Page read(Query query) {
        Topic topic = Topic.parse(query.topic());
        policy.checkSubscribe(query.caller(), topic.asPattern());
        if (!settings.keeps(topic)) {
            throw new ValidationFailed("HISTORY_NOT_KEPT",
                    List.of(new FieldError(Topic.FIELD, "keeps no history (see HISTORY_TOPICS)")));
        }
        TopicHistory.Window window = history.read(topic, query.since(), query.limit());
        return new Page(topic.value(), window.epoch(), window.top(), window.reachesBack(query.since()),
                window.publications());
    }

    @Override
    public Recovery recover(Caller caller, TopicPattern pattern, Since since) {
        if (since instanceof Since.Exact exact) {
            if (!pattern.isExact()) {
                throw ValidationFailed.of("since", "a pattern recovers from {timestamp, positions?}, not an offset");
            }
            return recoverExact(pattern.toTopic(), exact);
        }
        Since.Pattern fromTime = (Since.Pattern) since;
        if (!settings.keepsAny(pattern)) {
            return Recovery.failed("no_history", null);
        }
        if (pattern.isExact()) {
            StreamPosition known = fromTime.positions().get(pattern.toTopic());
            if (known != null) {
                return recoverExact(pattern.toTopic(), new Since.Exact(known.offset(), known.epoch()));
            }
        }
        TopicHistory.PatternWindow window = history.readPattern(pattern, fromTime.timestamp(),
                fromTime.positions(), settings.replayMax(),
                topic -> settings.keeps(topic) && mayRead(caller, topic));
        return window.complete() ? new Recovery(true, null, null, window.publications())
                : Recovery.failed(window.reason(), null);
    }

    private Recovery recoverExact(Topic topic, Since.Exact since) {
        if (!settings.keeps(topic)) {
            return Recovery.failed("no_history", null);
        }
        int max = settings.replayMax() == 0 ? Integer.MAX_VALUE : settings.replayMax();
        TopicHistory.Window window = history.read(topic, since.offset(), max);
        StreamPosition position = window.position();
        pubSub.recovered(topic, position);
        if (!window.epoch().equals(since.epoch())) {
            return Recovery.failed("epoch_changed", position);
        }
        if (since.offset() > window.top()) {
            return Recovery.failed("offset_ahead", position); // the client names an offset this epoch never had
        }
        if (!window.reachesBack(since.offset())) {
            return Recovery.failed("trimmed", position);
        }
        if (window.top() - since.offset() > max) {
            return Recovery.failed("too_many", position);
        }
        return new Recovery(true, null, position, window.publications());
    }
}
