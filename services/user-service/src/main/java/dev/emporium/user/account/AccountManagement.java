package dev.emporium.user.account;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.UUID;

import dev.emporium.contracts.user.UserEvent;
import dev.emporium.contracts.user.UserRegistered;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * Account use cases. Registration stores the account and its {@code UserRegistered} event in one
 * transaction (the event publication registry is the outbox); Kafka gets the event after commit.
 */
@Service
public class AccountManagement {

    private final Users users;
    private final PasswordEncoder passwords;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    AccountManagement(Users users, PasswordEncoder passwords, ApplicationEventPublisher events, Clock clock) {
        this.users = users;
        this.passwords = passwords;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public User register(String name, String email, String password, String phone) {
        String normalized = User.normalizeEmail(email);
        if (users.existsByEmail(normalized)) {
            throw new EmailTakenException();
        }
        User user = users.save(User.register(name, normalized, passwords.encode(password), phone,
                EnumSet.of(Role.CUSTOMER), clock.instant()));
        events.publishEvent(UserEvent.registered(new UserRegistered(user.id().toString(), user.name(), user.email(),
                user.phone(), user.createdAt())));
        return user;
    }

    /** Applies a profile change; a new password needs the current one. Roles and email are never changed here. */
    @Transactional
    public User updateProfile(UUID userId, String newName, String newPassword, String currentPassword) {
        User user = users.findById(userId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        if (newName != null) {
            user.rename(newName, clock.instant());
        }
        if (newPassword != null) {
            if (currentPassword == null || !passwords.matches(currentPassword, user.passwordHash())) {
                throw new WrongCurrentPasswordException();
            }
            user.changePasswordHash(passwords.encode(newPassword), clock.instant());
        }
        return users.save(user);
    }

    public Optional<User> find(UUID id) {
        return users.findById(id);
    }

    public Page<User> list(Pageable page) {
        return users.findAll(page);
    }

    /** The email is already registered (compared case-insensitively). */
    public static class EmailTakenException extends ResponseStatusException {
        EmailTakenException() {
            super(HttpStatus.CONFLICT, "An account with this email already exists.");
        }
    }

    /** A password change without the right current password. */
    public static class WrongCurrentPasswordException extends ResponseStatusException {
        WrongCurrentPasswordException() {
            super(HttpStatus.BAD_REQUEST, "currentPassword is missing or wrong.");
        }
    }
}
