/** Orders: the aggregate, its repository, and reading orders over HTTP. Depends on no other package of the service. */
package dev.emporium.order.order;
