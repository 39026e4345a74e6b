package dev.emporium.product;

import dev.emporium.testsupport.ServiceSmokeTest;

/** The service plumbing on an in-memory H2 database and an embedded KRaft broker. */
class ProductServiceSmokeTest extends ServiceSmokeTest {
}
