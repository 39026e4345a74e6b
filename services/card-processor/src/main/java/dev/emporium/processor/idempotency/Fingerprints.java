package dev.emporium.processor.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What identifies a request for its idempotency key: an HMAC-SHA256 of method, path and canonical body. Keyed,
 * because a body may hold a card number, and a plain hash of one is easily reversed (few numbers pass Luhn under
 * a known prefix). The key is made by the first start and kept in the processor's database, so fingerprints
 * still match after a restart.
 */
@Component
public class Fingerprints {

    private final SecretKeySpec key;

    Fingerprints(JdbcClient jdbc) {
        this.key = new SecretKeySpec(HexFormat.of().parseHex(secret(jdbc)), "HmacSHA256");
    }

    private static String secret(JdbcClient jdbc) {
        var select = jdbc.sql("select secret from processor_secret where id = 1");
        return select.query(String.class).optional().orElseGet(() -> {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            try {
                jdbc.sql("insert into processor_secret (id, secret) values (1, ?)")
                        .param(HexFormat.of().formatHex(bytes)).update();
            } catch (DuplicateKeyException raced) {
                // another instance on the same database made it first: use theirs
            }
            return jdbc.sql("select secret from processor_secret where id = 1").query(String.class).single();
        });
    }

    public String of(String method, String path, String canonicalBody) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((method + " " + path + "\n" + canonicalBody).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
