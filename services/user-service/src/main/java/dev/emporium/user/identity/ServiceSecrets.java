package dev.emporium.user.identity;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder.SecretKeyFactoryAlgorithm;

/**
 * How the service clients' secrets are hashed: PBKDF2-HMAC-SHA256, 1,000 iterations, a 16-byte salt, under the id
 * {@value #ID}. A memory-hard hash (Argon2id, as people's passwords get) makes a guessable password expensive to
 * guess; a service secret is 256 random bits (made by the launcher, or the deployment's Secret), which no guessing
 * reaches, and Argon2id would cost every token request 19 MiB of heap — five at once when the platform starts.
 */
public final class ServiceSecrets {

    /** The id in front of a stored service secret: {@code {service-secret}...}. */
    public static final String ID = "service-secret";

    private static final PasswordEncoder ENCODER = new Pbkdf2PasswordEncoder("", 16, 1_000,
            SecretKeyFactoryAlgorithm.PBKDF2WithHmacSHA256);

    private ServiceSecrets() {
    }

    /** The encoder the delegating password encoder uses for {@value #ID} hashes. */
    public static PasswordEncoder encoder() {
        return ENCODER;
    }

    /** A service secret as stored, with its id. */
    static String encode(String secret) {
        return "{" + ID + "}" + ENCODER.encode(secret);
    }

    /** Whether a stored hash is a service secret's (never upgraded to the passwords' encoder). */
    public static boolean isServiceSecret(String encoded) {
        return encoded != null && encoded.startsWith("{" + ID + "}");
    }
}
