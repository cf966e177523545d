package io.switchboard.domain.failure;

import java.util.List;
import java.util.Map;

/** Code VALIDATION_ERROR: well-formed input that breaks a rule; details.errors lists every broken field. */
public final class ValidationFailed extends Failure {
    private static final long serialVersionUID = 1L;

    private final transient List<FieldError> errors;

    public ValidationFailed(List<FieldError> errors) {
        this("VALIDATION_ERROR", errors);
    }

    /** A validation failure with a more precise reason, e.g. SUBSCRIPTION_LIMIT. */
    public ValidationFailed(String reason, List<FieldError> errors) {
        super(ErrorCode.VALIDATION_ERROR, reason, summary(errors), Map.of("errors", List.copyOf(errors)));
        this.errors = List.copyOf(errors);
    }

    public static ValidationFailed of(String field, String message) {
        return new ValidationFailed(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    private static String summary(List<FieldError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a validation failure needs at least one field error");
        }
        FieldError first = errors.get(0);
        String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "";
        return first.field() + ": " + first.message() + more;
    }
}
