package dev.emporium.user.account;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/** An account. Its email never changes; its roles change only through the bootstrap, never from a request. */
@Table("users")
public class User {

    @Id
    private final UUID id;
    private String name;
    private final String email;
    private String passwordHash;
    private String roles;
    private String phone;
    @Version
    private Long version;
    private final Instant createdAt;
    private Instant updatedAt;

    User(UUID id, String name, String email, String passwordHash, String roles, String phone, Long version,
            Instant createdAt, Instant updatedAt) {
        this.id = id;
        this.name = name;
        this.email = email;
        this.passwordHash = passwordHash;
        this.roles = roles;
        this.phone = phone;
        this.version = version;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
    }

    static User register(String name, String email, String passwordHash, String phone, Set<Role> roles, Instant now) {
        return new User(UUID.randomUUID(), name.strip(), normalizeEmail(email), passwordHash, encode(roles), phone,
                null, now, now);
    }

    public static String normalizeEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    void rename(String newName, Instant now) {
        this.name = newName.strip();
        this.updatedAt = now;
    }

    void changePasswordHash(String newHash, Instant now) {
        this.passwordHash = newHash;
        this.updatedAt = now;
    }

    void grant(Role role, Instant now) {
        Set<Role> current = roles();
        if (current.add(role)) {
            this.roles = encode(current);
            this.updatedAt = now;
        }
    }

    public UUID id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String email() {
        return email;
    }

    public String passwordHash() {
        return passwordHash;
    }

    public String phone() {
        return phone;
    }

    public Set<Role> roles() {
        return Arrays.stream(roles.split(",")).filter(s -> !s.isBlank()).map(Role::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    private static String encode(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
    }
}
