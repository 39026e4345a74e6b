package dev.emporium.product.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.emporium.product.image.ProductImages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Seeds the demo catalog on start unless {@code EMPORIUM_DEMO_DATA=false}. Idempotent by SKU: a restart, a
 * second instance or a product an admin deleted never produces a duplicate or a resurrection.
 */
@Component
class DemoCatalog implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoCatalog.class);

    private final CatalogManagement catalog;
    private final Products products;
    private final ProductImages images;
    private final boolean enabled;

    DemoCatalog(CatalogManagement catalog, Products products, ProductImages images,
            @Value("${emporium.catalog.demo-data:true}") boolean enabled) {
        this.catalog = catalog;
        this.products = products;
        this.images = images;
        this.enabled = enabled;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (enabled) {
            seed();
        }
    }

    /**
     * Adds the demo products that are not there yet, and gives each demo product without a picture its illustration
     * (a catalog seeded before there were pictures gets them too); returns how many products it added.
     */
    int seed() {
        int added = 0;
        int illustrated = 0;
        for (Entry entry : entries()) {
            if (!products.existsBySku(entry.details().sku())) {
                try {
                    catalog.create(entry.details(), entry.stock());
                    added++;
                } catch (CatalogManagement.SkuTakenException raced) {
                    // another instance seeded it at the same moment
                }
            }
            if (illustrate(entry.details().sku())) {
                illustrated++;
            }
        }
        if (added > 0 || illustrated > 0) {
            log.info("Demo catalog: added {} products, {} illustrations", added, illustrated);
        }
        return added;
    }

    private boolean illustrate(String sku) {
        ClassPathResource illustration = new ClassPathResource("demo-images/" + sku + ".svg");
        Product product = products.findBySku(sku).orElse(null);
        if (product == null || !product.active() || !illustration.exists() || images.hasImage(product.id())) {
            return false;
        }
        try (var in = illustration.getInputStream()) {
            images.useIllustration(product.id(), in.readAllBytes());
            return true;
        } catch (DuplicateKeyException raced) {
            return false; // another instance illustrated it at the same moment (it crashed product-service-1 at start)
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new ClassPathResource("demo-catalog.tsv").getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                entries.add(new Entry(new Product.Details(f[0], f[2], f[5], f[1], new BigDecimal(f[3])), Integer.parseInt(f[4])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    record Entry(Product.Details details, int stock) {
    }
}
