package dev.emporium.user.account;

/** What an account may do. */
public enum Role {
    CUSTOMER, ADMIN
}
