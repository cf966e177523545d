package io.switchboard.application.realtime;

/**
 * How a typing event names its typer so that the typer's own connections can skip it: its publication carries the
 * ordering key {@code typing:<userId>} (with increasing versions, so a late `true` never overtakes a `false`).
 */
public final class TypingEvents {
    public static final String EVENT_TYPE = "typing";
    public static final String ORDERING_PREFIX = "typing:";

    private TypingEvents() {
    }

    /** The user whose typing event this is, or null for any other publication. */
    public static String typerOf(Delivery delivery) {
        Publication.Ordering ordering = delivery.publication().ordering();
        if (ordering == null || !EVENT_TYPE.equals(delivery.eventType())
                || !ordering.key().startsWith(ORDERING_PREFIX)) {
            return null;
        }
        return ordering.key().substring(ORDERING_PREFIX.length());
    }
}
