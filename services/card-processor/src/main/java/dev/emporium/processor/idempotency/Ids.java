package dev.emporium.processor.idempotency;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Opaque, unguessable identifiers with a provider-style prefix ({@code pm_}, {@code auth_}, {@code le_}). */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String next(String prefix) {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }
}
