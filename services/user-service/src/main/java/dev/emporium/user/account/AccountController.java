package dev.emporium.user.account;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.emporium.platform.defaults.web.PageResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code /api/users}: registration, the caller's own profile, and the admin listing. */
@RestController
@RequestMapping("/api/users")
@Validated
class AccountController {

    private final AccountManagement accounts;

    AccountController(AccountManagement accounts) {
        this.accounts = accounts;
    }

    @PostMapping("/register")
    ResponseEntity<UserResponse> register(@Valid @RequestBody RegisterRequest request) {
        User user = accounts.register(request.name(), request.email(), request.password(), request.phone());
        return ResponseEntity.created(URI.create("/api/users/" + user.id())).body(UserResponse.of(user));
    }

    @GetMapping("/me")
    UserResponse me(@AuthenticationPrincipal Jwt jwt) {
        return accounts.find(userId(jwt)).map(UserResponse::of)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    @PatchMapping("/me")
    UserResponse updateMe(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody UpdateProfileRequest request) {
        return UserResponse.of(accounts.updateProfile(userId(jwt), request.name(), request.password(),
                request.currentPassword()));
    }

    @GetMapping
    @PreAuthorize("hasRole('ADMIN')")
    PageResponse<UserResponse> list(@RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return PageResponse.of(accounts.list(PageRequest.of(page, size, Sort.by("createdAt", "id")))
                .map(UserResponse::of));
    }

    /** Admins see anyone; a user sees only themself, and anyone else is "not found" (ids cannot be probed). */
    @GetMapping("/{id}")
    UserResponse get(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        boolean admin = jwt.getClaimAsStringList("roles") != null && jwt.getClaimAsStringList("roles").contains("ADMIN");
        if (!admin && !id.equals(userId(jwt))) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return accounts.find(id).map(UserResponse::of).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    private static UUID userId(Jwt jwt) {
        return UUID.fromString(jwt.getSubject());
    }

    record RegisterRequest(
            @NotBlank @Size(max = 100) String name,
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Size(min = 8, max = 128) String password,
            @Pattern(regexp = "\\+[1-9][0-9]{6,14}", message = "must be in E.164 form, e.g. +14155550100") String phone) {
    }

    /** Only these three fields exist: roles, id or email in the body are ignored, never applied. */
    record UpdateProfileRequest(
            @Size(min = 1, max = 100) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
            @Size(min = 8, max = 128) String password,
            String currentPassword) {
    }

    record UserResponse(UUID id, String name, String email, Set<Role> roles, String phone, Instant createdAt) {
        static UserResponse of(User user) {
            return new UserResponse(user.id(), user.name(), user.email(), user.roles(), user.phone(), user.createdAt());
        }
    }

    static List<String> roleNames(User user) {
        return user.roles().stream().map(Role::name).toList();
    }
}
