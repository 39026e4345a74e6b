/** The catalog: products, search, categories, admin maintenance, the demo catalog, product events. */
package dev.emporium.product.catalog;
