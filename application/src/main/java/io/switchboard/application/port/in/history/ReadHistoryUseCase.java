package io.switchboard.application.port.in.history;

import io.switchboard.application.realtime.Publication;
import io.switchboard.domain.user.Caller;

import java.util.List;
import java.util.Objects;

/** {@code GET /api/history}: a topic's kept publications after an offset (docs/history-and-recovery.md). */
public interface ReadHistoryUseCase {
    int MAX_LIMIT = 100;
    int DEFAULT_LIMIT = 100;

    /**
     * @throws io.switchboard.domain.failure.ValidationFailed code 2: a malformed topic, a pattern, a topic that keeps
     *                                                        no history (HISTORY_NOT_KEPT)
     * @throws io.switchboard.domain.failure.Forbidden        code 5 when the caller may not subscribe to the topic
     */
    Page read(Query query);

    /** @param since the offset to read after (0: everything kept) */
    record Query(Caller caller, String topic, long since, int limit) {
        public Query {
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(topic, "topic");
            if (since < 0 || limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("since >= 0 and limit 1.." + MAX_LIMIT);
            }
        }
    }

    /**
     * @param offset   the stream's latest offset
     * @param complete whether every publication after {@code since} up to {@code offset} is still kept (when false,
     *                 the oldest were trimmed: re-read state elsewhere)
     */
    record Page(String topic, String epoch, long offset, boolean complete, List<Publication> publications) {
        public Page {
            publications = List.copyOf(publications);
        }
    }
}
