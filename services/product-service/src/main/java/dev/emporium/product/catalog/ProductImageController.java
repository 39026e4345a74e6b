package dev.emporium.product.catalog;

import java.time.Duration;
import java.util.UUID;

import dev.emporium.product.image.ProductImages;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /api/products/{id}/image}: admins upload a picture (PNG, JPEG or WebP up to the service's body limit, 2 MiB),
 * anyone reads it in two sizes. A versioned URL (the {@code image} links of a product) is cached for good; the bare
 * URL is revalidated with its ETag (304).
 */
@RestController
@RequestMapping("/api/products/{id}/image")
@Validated
class ProductImageController {

    /** Illustrations are served from this origin: they may draw, never run anything or load anything. */
    private static final String SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

    private final CatalogQueries queries;
    private final ProductImages images;

    ProductImageController(CatalogQueries queries, ProductImages images) {
        this.queries = queries;
        this.images = images;
    }

    @PutMapping(consumes = {MediaType.IMAGE_PNG_VALUE, MediaType.IMAGE_JPEG_VALUE, "image/webp"})
    @PreAuthorize("hasRole('ADMIN')")
    ProductView upload(@PathVariable UUID id, @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType type,
            @RequestBody byte[] bytes) {
        queries.find(id).orElseThrow(CatalogManagement.NotFoundException::new);
        try {
            images.upload(id, type.getType() + "/" + type.getSubtype(), bytes);
        } catch (ProductImages.RefusedImageException refused) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, refused.getMessage());
        }
        return queries.find(id).orElseThrow(CatalogManagement.NotFoundException::new);
    }

    @GetMapping
    ResponseEntity<byte[]> image(@PathVariable UUID id,
            @RequestParam(defaultValue = "large") @Pattern(regexp = "thumb|large", message = "must be thumb or large") String size,
            @RequestParam(name = "v", required = false) @Size(max = 64) String version) {
        ProductImages.Image image = images.find(id, size).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.NOT_FOUND, queries.find(id).isPresent() ? "This product has no image." : "No such product."));
        CacheControl caching = image.version().equals(version)
                ? CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable()
                : CacheControl.noCache().cachePublic();
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().eTag(image.etag()).cacheControl(caching)
                .contentType(MediaType.parseMediaType(image.contentType()));
        if (image.contentType().startsWith("image/svg")) {
            answer.header("Content-Security-Policy", SVG_POLICY);
        }
        return answer.body(image.bytes());
    }
}
