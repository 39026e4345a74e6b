package dev.emporium.product.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Optional;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * What an uploaded image goes through before anything is stored: its type read from its first bytes (never from its
 * name or header), its size in pixels checked before its pixels are decoded (a small file can claim a huge canvas),
 * the pixels decoded, then drawn into new images of bounded size and encoded afresh. Nothing of the upload survives
 * but its pixels: no metadata (location, camera), no colour profile, no comment, nothing appended after the image.
 */
final class ImageProcessing {

    /**
     * The largest canvas accepted, per side and in all: a 2 MiB photo is at most a few megapixels, while a small
     * file claiming a huge canvas (a decompression bomb) would take the heap.
     */
    static final int MAX_SIDE = 8_000;
    static final long MAX_PIXELS = 16_000_000L;

    static {
        // the plug-ins (WebP) are found through the class loader of the thread that first uses ImageIO; a request
        // thread of a packaged service may not see them, so they are registered once, here
        ImageIO.scanForPlugins();
    }

    private ImageProcessing() {
    }

    /** The image types accepted for upload, each with how its bytes begin. */
    enum Format {
        PNG("image/png", "png"),
        JPEG("image/jpeg", "jpeg"),
        WEBP("image/webp", "webp");

        final String mediaType;
        final String readerName;

        Format(String mediaType, String readerName) {
            this.mediaType = mediaType;
            this.readerName = readerName;
        }

        static Optional<Format> ofMediaType(String mediaType) {
            return Arrays.stream(values()).filter(f -> f.mediaType.equalsIgnoreCase(mediaType)).findFirst();
        }

        /** The format the bytes themselves say they are, if any of these. */
        static Optional<Format> sniff(byte[] bytes) {
            if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
                return Optional.of(PNG);
            }
            if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) {
                return Optional.of(JPEG);
            }
            if (startsWith(bytes, 0, 'R', 'I', 'F', 'F') && startsWith(bytes, 8, 'W', 'E', 'B', 'P')) {
                return Optional.of(WEBP);
            }
            return Optional.empty();
        }

        private static boolean startsWith(byte[] bytes, int offset, int... expected) {
            if (bytes.length < offset + expected.length) {
                return false;
            }
            for (int i = 0; i < expected.length; i++) {
                if ((bytes[offset + i] & 0xFF) != expected[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A variant to produce: the box it must fit in (never enlarged). */
    enum Variant {
        THUMB(480, 360),
        LARGE(1200, 900);

        final int maxWidth;
        final int maxHeight;

        Variant(int maxWidth, int maxHeight) {
            this.maxWidth = maxWidth;
            this.maxHeight = maxHeight;
        }

        String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** An encoded variant, ready to store and serve. */
    record Encoded(String contentType, byte[] bytes, int width, int height) {
    }

    /** Why an upload is refused (400): said in words a person can act on. */
    static final class UnacceptableImageException extends RuntimeException {
        UnacceptableImageException(String message) {
            super(message);
        }
    }

    /** Checks the bytes are an image of the declared format and decodes them. */
    static BufferedImage decode(byte[] bytes, Format declared) {
        Format actual = Format.sniff(bytes).orElseThrow(() -> new UnacceptableImageException(
                "The body is not a PNG, JPEG or WebP image."));
        if (actual != declared) {
            throw new UnacceptableImageException("The body is a " + actual.name() + " image, not the "
                    + declared.name() + " its Content-Type says.");
        }
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(declared.readerName);
        if (!readers.hasNext()) {
            throw new IllegalStateException("No ImageIO reader for " + declared.readerName + " on the class path");
        }
        ImageReader reader = readers.next();
        try (ImageInputStream input = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(bytes))) {
            reader.setInput(input, true, true); // ignore metadata: it is never read, so never kept
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE || (long) width * height > MAX_PIXELS) {
                throw new UnacceptableImageException("The image is " + width + " × " + height + " pixels; at most "
                        + MAX_SIDE + " per side and " + MAX_PIXELS / 1_000_000 + " megapixels are accepted.");
            }
            BufferedImage image = reader.read(0);
            if (image == null) {
                throw new UnacceptableImageException("The " + declared.name() + " image could not be decoded.");
            }
            return image;
        } catch (IOException | RuntimeException broken) {
            if (broken instanceof UnacceptableImageException unacceptable) {
                throw unacceptable;
            }
            throw new UnacceptableImageException("The " + declared.name() + " image could not be decoded: it is damaged"
                    + " or uses a feature this shop does not read.");
        } finally {
            reader.dispose();
        }
    }

    /** The variant of a decoded image: scaled down to fit its box, PNG when it has transparency, JPEG otherwise. */
    static Encoded encode(BufferedImage source, Variant variant) {
        double scale = Math.min(1.0, Math.min((double) variant.maxWidth / source.getWidth(),
                (double) variant.maxHeight / source.getHeight()));
        int width = Math.max(1, (int) Math.round(source.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(source.getHeight() * scale));
        boolean transparent = hasTransparency(source);
        BufferedImage scaled = scale(source, width, height, transparent);
        return transparent
                ? new Encoded("image/png", write(scaled, "png", null), width, height)
                : new Encoded("image/jpeg", write(scaled, "jpeg", 0.85f), width, height);
    }

    private static boolean hasTransparency(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) {
            return false;
        }
        java.awt.image.WritableRaster alpha = image.getAlphaRaster();
        if (alpha != null) {
            int opaque = (1 << alpha.getSampleModel().getSampleSize(0)) - 1;
            int[] row = new int[alpha.getWidth()];
            for (int y = 0; y < alpha.getHeight(); y++) {
                alpha.getSamples(0, y, alpha.getWidth(), 1, 0, row);
                for (int sample : row) {
                    if (sample != opaque) {
                        return true;
                    }
                }
            }
            return false;
        }
        for (int y = 0; y < image.getHeight(); y++) { // an indexed palette with a transparent entry
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) >>> 24) != 0xFF) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Halves the image step by step down to twice the target, then draws it once more: sharp without aliasing. */
    private static BufferedImage scale(BufferedImage source, int width, int height, boolean transparent) {
        int type = transparent ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        BufferedImage current = source;
        int w = source.getWidth();
        int h = source.getHeight();
        do {
            w = Math.max(width, w / 2 >= width ? w / 2 : width);
            h = Math.max(height, h / 2 >= height ? h / 2 : height);
            BufferedImage next = new BufferedImage(w, h, type);
            Graphics2D g = next.createGraphics();
            try {
                if (!transparent) {
                    g.setColor(java.awt.Color.WHITE); // a JPEG has no transparency: what little there was goes white
                    g.fillRect(0, 0, w, h);
                }
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
                g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
                g.drawImage(current, 0, 0, w, h, null);
            } finally {
                g.dispose();
            }
            current = next;
        } while (w != width || h != height);
        return current;
    }

    private static byte[] write(BufferedImage image, String format, Float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream output = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(output);
            ImageWriteParam parameters = writer.getDefaultWriteParam();
            if (quality != null) {
                parameters.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                parameters.setCompressionQuality(quality);
            }
            writer.write(null, new IIOImage(image, null, null), parameters);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
