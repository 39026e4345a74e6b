package dev.emporium.user.account;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.EnumSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Makes sure an admin exists: {@code EMPORIUM_ADMIN_EMAIL} with {@code EMPORIUM_ADMIN_PASSWORD}, or, when no
 * password is configured, a random one shown once (the launcher echoes the line to its console).
 */
@Component
class BootstrapAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

    private final Users users;
    private final PasswordEncoder passwords;
    private final Clock clock;
    private final String email;
    private final String password;

    BootstrapAdmin(Users users, PasswordEncoder passwords, Clock clock,
            @Value("${EMPORIUM_ADMIN_EMAIL:admin@emporium.local}") String email,
            @Value("${EMPORIUM_ADMIN_PASSWORD:}") String password) {
        this.users = users;
        this.passwords = passwords;
        this.clock = clock;
        this.email = User.normalizeEmail(email);
        this.password = password;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (users.existsByEmail(email)) {
            users.findByEmail(email).filter(u -> !u.roles().contains(Role.ADMIN)).ifPresent(u -> {
                u.grant(Role.ADMIN, clock.instant());
                users.save(u);
            });
            return;
        }
        boolean generated = password == null || password.isBlank();
        String secret = generated ? randomPassword() : password;
        try {
            users.save(User.register("Administrator", email, passwords.encode(secret), null,
                    EnumSet.of(Role.ADMIN, Role.CUSTOMER), clock.instant()));
        } catch (DuplicateKeyException raced) {
            return; // another instance created it at the same moment
        }
        if (generated) {
            log.warn("EMPORIUM NOTICE: bootstrap admin created: {} / {} (shown once; set EMPORIUM_ADMIN_PASSWORD to choose it)",
                    email, secret);
        } else {
            log.info("Bootstrap admin created: {}", email);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
