package io.switchboard.domain.failure;

import java.util.ArrayList;
import java.util.List;

/** Collects every broken rule of an input before failing once, so a client sees all of them at once. */
public final class Violations {
    private final List<FieldError> errors = new ArrayList<>();

    public Violations add(String field, String message) {
        errors.add(new FieldError(field, message));
        return this;
    }

    /** Records {@code message} for {@code field} unless {@code ok}. Returns {@code ok}. */
    public boolean check(boolean ok, String field, String message) {
        if (!ok) {
            add(field, message);
        }
        return ok;
    }

    public void addAll(List<FieldError> more) {
        errors.addAll(more);
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
    }
}
