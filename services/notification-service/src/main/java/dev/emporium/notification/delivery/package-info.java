/** Getting notifications out: the scheduled sender, email over SMTP or logged, SMS through a provider seam. */
package dev.emporium.notification.delivery;
