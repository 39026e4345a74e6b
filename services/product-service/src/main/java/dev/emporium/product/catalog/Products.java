package dev.emporium.product.catalog;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.repository.CrudRepository;

/** All catalog entries, deleted ones included. */
interface Products extends CrudRepository<Product, UUID> {

    Optional<Product> findByIdAndActiveTrue(UUID id);

    boolean existsBySku(String sku);

    Optional<Product> findBySku(String sku);
}
