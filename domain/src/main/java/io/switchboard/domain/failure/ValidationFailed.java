package io.switchboard.domain.failure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Code VALIDATION_ERROR: well-formed input that breaks a rule.
 *
 * <p>details.errors lists the broken rules, at most {@link #MAX_REPORTED_ERRORS} of them (the first ones found), so
 * an input that breaks a rule once per array element cannot make the answer many times larger than itself. When
 * there were more, details also carries {@code errorCount} (how many rules were broken in all) and {@code
 * truncated: true}. {@link #errors()} keeps them all, for code that merges the failures of several checks.
 */
public final class ValidationFailed extends Failure {
    private static final long serialVersionUID = 1L;

    /** How many broken rules an answer lists at most (REST details.errors, WebSocket error frames). */
    public static final int MAX_REPORTED_ERRORS = 20;

    private final transient List<FieldError> errors;

    public ValidationFailed(List<FieldError> errors) {
        this("VALIDATION_ERROR", errors);
    }

    /** A validation failure with a more precise reason, e.g. SUBSCRIPTION_LIMIT. */
    public ValidationFailed(String reason, List<FieldError> errors) {
        super(ErrorCode.VALIDATION_ERROR, reason, summary(errors), details(errors));
        this.errors = List.copyOf(errors);
    }

    public static ValidationFailed of(String field, String message) {
        return new ValidationFailed(List.of(new FieldError(field, message)));
    }

    /** Every broken rule found, also those beyond the {@link #MAX_REPORTED_ERRORS} that details.errors lists. */
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

    private static Map<String, Object> details(List<FieldError> errors) {
        if (errors.size() <= MAX_REPORTED_ERRORS) {
            return Map.of("errors", List.copyOf(errors));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("errors", List.copyOf(errors.subList(0, MAX_REPORTED_ERRORS)));
        details.put("errorCount", errors.size());
        details.put("truncated", true);
        return details;
    }
}
