package dev.emporium.product.image;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The products' images: an upload becomes two re-encoded variants (thumb, large) stored beside the product, and the
 * product's {@code image_version} names them, so their URLs change when the image does. Whether the product exists
 * is the caller's to check; this only stores and reads.
 */
@Service
public class ProductImages {

    /** The media types an upload may declare; anything else answers 415 before a byte is read. */
    public static final List<String> UPLOAD_TYPES = List.of("image/png", "image/jpeg", "image/webp");

    private final JdbcClient jdbc;
    private final Clock clock;
    /** Decoding takes tens of megabytes of heap for a large photo: one upload at a time does it. */
    private final Semaphore decoding = new Semaphore(1);

    ProductImages(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A stored variant as it is served. */
    public record Image(String contentType, byte[] bytes, String etag, String version) {
    }

    /** Why an upload is refused (400), in words for the person who sent it. */
    public static final class RefusedImageException extends RuntimeException {
        RefusedImageException(String message) {
            super(message);
        }
    }

    /**
     * Decodes the upload as the declared type, re-encodes it into its variants and stores them as the product's image
     * (replacing the one before). Throws {@link RefusedImageException} when the bytes are not an image of that type,
     * before anything is stored.
     */
    @Transactional
    public void upload(UUID productId, String declaredType, byte[] bytes) {
        ImageProcessing.Format format = ImageProcessing.Format.ofMediaType(declaredType).orElseThrow(
                () -> new IllegalArgumentException("Not an upload type: " + declaredType));
        ImageProcessing.Encoded thumb;
        ImageProcessing.Encoded large;
        decoding.acquireUninterruptibly();
        try {
            BufferedImage image = ImageProcessing.decode(bytes, format);
            thumb = ImageProcessing.encode(image, ImageProcessing.Variant.THUMB);
            large = ImageProcessing.encode(image, ImageProcessing.Variant.LARGE);
        } catch (ImageProcessing.UnacceptableImageException refused) {
            throw new RefusedImageException(refused.getMessage());
        } finally {
            decoding.release();
        }
        store(productId, thumb, large);
    }

    /** The demo catalog's illustration: an SVG of this project's own, stored as it is for both variants. */
    @Transactional
    public void useIllustration(UUID productId, byte[] svg) {
        String text = new String(svg, StandardCharsets.UTF_8);
        if (!text.contains("<svg") || text.contains("<script") || text.contains("href") || text.contains("<foreignObject")) {
            throw new IllegalArgumentException("An illustration must be a plain SVG without scripts or references");
        }
        ImageProcessing.Encoded both = new ImageProcessing.Encoded("image/svg+xml", svg, 0, 0);
        store(productId, both, both);
    }

    public boolean hasImage(UUID productId) {
        return jdbc.sql("select count(*) from product_image where product_id = :id").param("id", productId)
                .query(Long.class).single() > 0;
    }

    /** The variant ({@code thumb} or {@code large}) of an active product's image, if it has one. */
    public Optional<Image> find(UUID productId, String variant) {
        return jdbc.sql("""
                        select i.content_type, i.bytes, i.etag, p.image_version
                        from product_image i join product p on p.id = i.product_id
                        where i.product_id = :id and i.variant = :variant and p.active = true
                        """)
                .param("id", productId).param("variant", variant.toLowerCase(Locale.ROOT))
                .query((rs, n) -> new Image(rs.getString(1), rs.getBytes(2), rs.getString(3), rs.getString(4)))
                .optional();
    }

    private void store(UUID productId, ImageProcessing.Encoded thumb, ImageProcessing.Encoded large) {
        Instant now = clock.instant();
        String version = digest(large.bytes()).substring(0, 16);
        jdbc.sql("delete from product_image where product_id = :id").param("id", productId).update();
        insert(productId, ImageProcessing.Variant.THUMB, thumb, now);
        insert(productId, ImageProcessing.Variant.LARGE, large, now);
        int updated = jdbc.sql("update product set image_version = :version where id = :id")
                .param("version", version).param("id", productId).update();
        if (updated != 1) {
            throw new IllegalStateException("No product " + productId);
        }
    }

    private void insert(UUID productId, ImageProcessing.Variant variant, ImageProcessing.Encoded image, Instant now) {
        jdbc.sql("""
                        insert into product_image (product_id, variant, content_type, etag, width, height, bytes, updated_at)
                        values (:id, :variant, :type, :etag, :width, :height, :bytes, :at)
                        """)
                .param("id", productId).param("variant", variant.key()).param("type", image.contentType())
                .param("etag", "\"" + digest(image.bytes()).substring(0, 32) + "\"")
                .param("width", image.width() > 0 ? image.width() : null)
                .param("height", image.height() > 0 ? image.height() : null)
                .param("bytes", image.bytes()).param("at", now.atOffset(java.time.ZoneOffset.UTC))
                .update();
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
