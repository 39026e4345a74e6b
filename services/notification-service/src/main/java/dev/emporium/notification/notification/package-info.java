/** Notifications: what was sent to whom, exactly once per event, and each user's inbox. */
package dev.emporium.notification.notification;
