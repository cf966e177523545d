package io.switchboard.bootstrap.support;

/** A registered, logged-in user as a test knows it: its id, credentials and a valid token. */
public record Account(String id, String email, String name, String password, String token) {
    @Override
    public String toString() {
        return "Account[" + email + " " + id + "]";
    }
}
