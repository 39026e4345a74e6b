package dev.emporium.platform.defaults.web;

import java.util.UUID;
import java.util.regex.Pattern;

/** The {@code X-Request-Id} convention: echo a well-formed client id, otherwise mint one. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    /** Returns the client's id when it is safe to echo and log, else a fresh UUID. */
    public static String acceptOrCreate(String fromClient) {
        if (fromClient != null && ACCEPTABLE.matcher(fromClient).matches()) {
            return fromClient;
        }
        return UUID.randomUUID().toString();
    }
}
