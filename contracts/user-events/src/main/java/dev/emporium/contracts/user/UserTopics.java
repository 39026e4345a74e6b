package dev.emporium.contracts.user;

/** Kafka topics user-service publishes to. */
public final class UserTopics {

    /** Integration events about accounts, keyed by user id (so one user's events stay in order). */
    public static final String USER_EVENTS = "user-events";

    private UserTopics() {
    }
}
