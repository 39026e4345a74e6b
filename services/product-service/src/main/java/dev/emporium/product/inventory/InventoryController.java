package dev.emporium.product.inventory;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/products/{id}/inventory}: the three counts of a product, for admins (also listed in
 * {@code emporium.security.admin-paths}, so the role is checked before the public GET rule of the catalog). A
 * deleted product still answers: its stock rows stay, and reservations made before the deletion still move them.
 */
@RestController
@RequestMapping("/api/products")
class InventoryController {

    private final Inventory inventory;

    InventoryController(Inventory inventory) {
        this.inventory = inventory;
    }

    @GetMapping("/{id}/inventory")
    @PreAuthorize("hasRole('ADMIN')")
    InventoryView inventory(@PathVariable UUID id) {
        return inventory.levels(id).map(levels -> new InventoryView(id, levels.available(), levels.reserved(), levels.sold()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such product."));
    }

    /** available: can be bought now; reserved: held for checkouts under way; sold: committed to confirmed orders. */
    record InventoryView(UUID productId, int available, int reserved, int sold) {
    }
}
