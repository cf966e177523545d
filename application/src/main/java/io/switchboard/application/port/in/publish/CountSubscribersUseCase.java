package io.switchboard.application.port.in.publish;

import io.switchboard.application.publish.SubscriberCount;
import io.switchboard.domain.publish.ServerCaller;

/** {@code GET /api/topics/{topic}/subscribers}: who would receive a publication on a topic now, on all instances. */
public interface CountSubscribersUseCase {
    /**
     * @throws io.switchboard.domain.failure.ValidationFailed    code 2: a malformed topic or a pattern
     * @throws io.switchboard.domain.failure.ServiceUnavailable code 55 when the other instances cannot be asked
     */
    SubscriberCount count(ServerCaller caller, String topic);
}
