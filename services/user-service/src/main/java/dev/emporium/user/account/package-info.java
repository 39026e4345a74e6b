/** Accounts: registration, profile, roles, the bootstrap admin. */
package dev.emporium.user.account;
