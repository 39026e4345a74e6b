/** Product images: upload checks and re-encoding, storage of the variants. */
package dev.emporium.product.image;
