package io.switchboard.domain.user;

import io.switchboard.domain.failure.Violations;

/** The input rules for accounts (docs/api.md, "Validation"). */
public final class UserRules {
    public static final int NAME_MIN = 2;
    public static final int NAME_MAX = 100;
    public static final int PASSWORD_MIN = 8;
    public static final int PASSWORD_MAX = 128;

    private UserRules() {
    }

    public static void checkEmail(Violations v, String email) {
        v.check(Email.isValid(email), "email", "must be a valid e-mail address of at most " + Email.MAX_LENGTH + " characters");
    }

    public static void checkName(Violations v, String name) {
        int length = name == null ? 0 : name.strip().codePointCount(0, name.strip().length());
        v.check(length >= NAME_MIN && length <= NAME_MAX, "name",
                "must be " + NAME_MIN + " to " + NAME_MAX + " characters");
    }

    public static void checkPassword(Violations v, String password) {
        if (password == null || password.length() < PASSWORD_MIN || password.length() > PASSWORD_MAX) {
            v.add("password", "must be " + PASSWORD_MIN + " to " + PASSWORD_MAX + " characters");
            return;
        }
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean symbol = false;
        for (int i = 0; i < password.length(); i++) {
            char c = password.charAt(i);
            if (Character.isLowerCase(c)) {
                lower = true;
            } else if (Character.isUpperCase(c)) {
                upper = true;
            } else if (Character.isDigit(c)) {
                digit = true;
            } else if (!Character.isWhitespace(c)) {
                symbol = true;
            }
        }
        v.check(lower && upper && digit && symbol, "password",
                "must contain a lower-case letter, an upper-case letter, a digit and a symbol");
    }
}
