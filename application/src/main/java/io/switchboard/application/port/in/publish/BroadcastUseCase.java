package io.switchboard.application.port.in.publish;

import io.switchboard.application.publish.PublishOutcome;
import io.switchboard.application.realtime.RawJson;
import io.switchboard.domain.failure.Violations;
import io.switchboard.domain.publish.EventType;
import io.switchboard.domain.publish.ServerCaller;

import java.util.List;
import java.util.Objects;

/** {@code POST /api/broadcast}: the same data on many topics; a refused topic does not fail the others. */
public interface BroadcastUseCase {
    /** The most topics one broadcast names. */
    int MAX_TOPICS = 1000;

    /**
     * @return one result per requested topic, in order: published, or its error (a malformed topic or a pattern
     *         code 2, a topic listed twice code 2, {@code sessions.**} code 5 TOPIC_RESERVED)
     * @throws io.switchboard.domain.failure.PayloadTooLarge code 8 when the data is larger than WS_MAX_MESSAGE_SIZE
     * @throws io.switchboard.domain.failure.Conflict        code 6 IDEMPOTENCY_IN_PROGRESS
     */
    PublishOutcome broadcast(Command command);

    /** @param topics 1..{@value #MAX_TOPICS} topics as the request spelled them (each checked one by one) */
    record Command(ServerCaller caller, List<String> topics, String eventType, RawJson data, String idempotencyKey) {
        public Command {
            Objects.requireNonNull(caller, "caller");
            eventType = eventType == null ? EventType.DEFAULT : eventType;
            Violations violations = new Violations();
            if (violations.check(topics != null, "topics", "is required")) {
                topics = List.copyOf(topics);
                violations.check(!topics.isEmpty() && topics.size() <= MAX_TOPICS, "topics",
                        "must list 1 to " + MAX_TOPICS + " topics");
            }
            PublishUseCase.checkCommon(violations, eventType, data, idempotencyKey);
            violations.throwIfAny();
        }
    }
}
