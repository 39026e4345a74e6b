/** Rate limiting per user (else per client address) with Bucket4j token buckets, local or shared in Redis. */
package dev.emporium.gateway.ratelimit;
