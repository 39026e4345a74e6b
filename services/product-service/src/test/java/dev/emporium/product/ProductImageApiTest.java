package dev.emporium.product;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import com.jayway.jsonpath.JsonPath;
import dev.emporium.testsupport.ApiClient;
import dev.emporium.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code PUT / GET /api/products/{id}/image} over real HTTP: the demo illustrations, uploads of each accepted type
 * re-encoded into bounded variants with nothing of the original kept but its pixels, caching (ETag, 304, versioned
 * URLs), and every refusal (400, 403, 404, 413, 415) storing nothing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "eureka.client.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;DB_CLOSE_DELAY=-1",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "emporium.catalog.demo-data=true"})
@EmbeddedKafka(partitions = 1)
class ProductImageApiTest {

    static final TestTokens tokens = new TestTokens();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private final String admin = tokens.admin("admin-1");
    private final String customer = tokens.customer("customer-1");

    @DynamicPropertySource
    static void jwks(DynamicPropertyRegistry registry) {
        tokens.registerJwks(registry);
    }

    @Test
    void everyDemoProductHasItsIllustrationServedSafelyAndCachedByVersion() throws Exception {
        String page = api().get("/api/products?size=100", null).body();
        List<String> thumbs = JsonPath.read(page, "$.content[?(@.sku =~ /[A-Z]{3}-00[1-6]/)].image.thumb");
        assertThat(thumbs).hasSize(42).allSatisfy(url -> assertThat(url).matches("/api/products/[0-9a-f-]{36}/image\\?size=thumb&v=\\w+"));

        HttpResponse<byte[]> versioned = bytes(thumbs.get(0), null);
        assertThat(versioned.statusCode()).isEqualTo(200);
        assertThat(versioned.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
        assertThat(versioned.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'").contains("sandbox");
        assertThat(versioned.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=31536000").contains("immutable");
        assertThat(new String(versioned.body(), StandardCharsets.UTF_8)).contains("<svg").doesNotContain("<script");

        String bare = thumbs.get(0).substring(0, thumbs.get(0).indexOf("&v="));
        HttpResponse<byte[]> revalidated = bytes(bare, null);
        assertThat(revalidated.headers().firstValue("Cache-Control").orElseThrow()).contains("no-cache");
        String etag = revalidated.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> notModified = api().send(api().request(bare, null).header("If-None-Match", etag).GET(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
    }

    @Test
    void aPngUploadIsReEncodedIntoBoundedVariantsWithoutItsMetadata() throws Exception {
        String id = newProduct();
        byte[] png = withTextChunk(encode(picture(2400, 1200, true), "png"), "GPS-SECRET-51.5N");
        HttpResponse<String> uploaded = upload(id, "image/png", append(png, "TRAILING-PAYLOAD"), admin);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
        String thumbUrl = JsonPath.read(uploaded.body(), "$.image.thumb");
        String largeUrl = JsonPath.read(uploaded.body(), "$.image.large");

        BufferedImage thumb = decoded(bytes(thumbUrl, null), "image/png"); // transparency kept: PNG
        assertThat(thumb.getWidth()).isEqualTo(480);
        assertThat(thumb.getHeight()).isEqualTo(240);
        HttpResponse<byte[]> large = bytes(largeUrl, null);
        assertThat(decoded(large, "image/png").getWidth()).isEqualTo(1200);
        assertThat(new String(large.body(), StandardCharsets.ISO_8859_1)).doesNotContain("GPS-SECRET").doesNotContain("TRAILING-PAYLOAD");
        assertThat(new String(bytes(thumbUrl, null).body(), StandardCharsets.ISO_8859_1)).doesNotContain("GPS-SECRET");
        assertThat(JsonPath.<String>read(api().get("/api/products/" + id, null).body(), "$.image.large")).isEqualTo(largeUrl);
    }

    @Test
    void aJpegAndAWebPBecomeJpegsNeverEnlarged() throws Exception {
        String id = newProduct();
        HttpResponse<String> jpeg = upload(id, "image/jpeg", encode(picture(800, 600, false), "jpeg"), admin);
        assertThat(jpeg.statusCode()).as(jpeg.body()).isEqualTo(200);
        BufferedImage large = decoded(bytes(JsonPath.read(jpeg.body(), "$.image.large"), null), "image/jpeg");
        assertThat(large.getWidth()).as("not enlarged").isEqualTo(800);
        String firstVersion = JsonPath.read(jpeg.body(), "$.image.large");

        byte[] webp = new ClassPathResource("images/gradient-64x48.webp").getContentAsByteArray();
        HttpResponse<String> replaced = upload(id, "image/webp", webp, admin);
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        String secondVersion = JsonPath.read(replaced.body(), "$.image.large");
        assertThat(secondVersion).as("a new picture, a new URL").isNotEqualTo(firstVersion);
        BufferedImage fromWebp = decoded(bytes(JsonPath.read(replaced.body(), "$.image.thumb"), null), "image/jpeg");
        assertThat(fromWebp.getWidth()).isEqualTo(64);
        assertThat(fromWebp.getHeight()).isEqualTo(48);
        assertThat(bytes(firstVersion, null).headers().firstValue("Cache-Control").orElseThrow())
                .as("the old version's URL is no longer cached for good").contains("no-cache");
    }

    @Test
    void refusalsAnswerProblemsAndStoreNothing() throws Exception {
        String id = newProduct();
        byte[] png = encode(picture(300, 200, false), "png");
        byte[] jpeg = encode(picture(300, 200, false), "jpeg");
        assertProblem(upload(id, "text/plain", "hello".getBytes(StandardCharsets.UTF_8), admin), 415);
        assertProblem(upload(id, "image/gif", "GIF89a".getBytes(StandardCharsets.US_ASCII), admin), 415);
        assertProblem(upload(id, "image/svg+xml", "<svg/>".getBytes(StandardCharsets.US_ASCII), admin), 415);
        assertProblem(upload(id, "image/png", jpeg, admin), 400); // the bytes decide, not the header
        assertProblem(upload(id, "image/png", "not an image at all".getBytes(StandardCharsets.US_ASCII), admin), 400);
        assertProblem(upload(id, "image/png", Arrays.copyOf(png, png.length / 2), admin), 400); // truncated
        assertProblem(upload(id, "image/png", new byte[0], admin), 400);
        assertProblem(upload(id, "image/png", claimingCanvas(png, 20_000, 20_000), admin), 400); // decompression bomb
        byte[] overLimit = Arrays.copyOf(png, 2 * 1024 * 1024 + 1);
        assertProblem(upload(id, "image/png", overLimit, admin), 413);
        assertProblem(upload(id, "image/png", png, customer), 403);
        assertProblem(upload(id, "image/png", png, null), 401);
        assertProblem(upload(UUID.randomUUID().toString(), "image/png", png, admin), 404);

        assertThat(jdbc.sql("select count(*) from product_image where product_id = :id").param("id", UUID.fromString(id))
                .query(Long.class).single()).isZero();
        assertThat(JsonPath.<java.util.Map<String, Object>>read(api().get("/api/products/" + id, null).body(), "$"))
                .as("no image: the field is left out").doesNotContainKey("image");
        assertProblem(api().get("/api/products/" + id + "/image", null), 404);
        assertProblem(api().get("/api/products/" + UUID.randomUUID() + "/image", null), 404);
        assertProblem(api().get("/api/products/" + id + "/image?size=huge", null), 400);
    }

    private String newProduct() throws Exception {
        String sku = "IMG-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = api().post("/api/products", admin, """
                {"sku":"%s","name":"Pictured %s","description":"d","category":"Home","price":10.00,"stock":1}
                """.formatted(sku, sku));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JsonPath.read(created.body(), "$.id");
    }

    private HttpResponse<String> upload(String id, String type, byte[] body, String token) throws Exception {
        return api().send(api().request("/api/products/" + id + "/image", token).header("Content-Type", type)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private HttpResponse<byte[]> bytes(String path, String token) throws Exception {
        return api().send(api().request(path, token).GET(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static BufferedImage decoded(HttpResponse<byte[]> response, String type) throws Exception {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(type);
        assertThat(response.headers().firstValue("ETag")).isPresent();
        return ImageIO.read(new ByteArrayInputStream(response.body()));
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
    }

    private static BufferedImage picture(int width, int height, boolean transparent) {
        BufferedImage image = new BufferedImage(width, height, transparent ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(30, 120, 200));
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).isTrue();
        return out.toByteArray();
    }

    private static byte[] append(byte[] bytes, String trailer) {
        byte[] extra = trailer.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(bytes, bytes.length + extra.length);
        System.arraycopy(extra, 0, all, bytes.length, extra.length);
        return all;
    }

    /** A PNG with a tEXt chunk (where cameras and editors leave location and names) right after its header. */
    private static byte[] withTextChunk(byte[] png, String text) {
        byte[] data = ("Comment\0" + text).getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
        chunk.putInt(data.length).put("tEXt".getBytes(StandardCharsets.US_ASCII)).put(data);
        CRC32 crc = new CRC32();
        crc.update(chunk.array(), 4, 4 + data.length);
        chunk.putInt((int) crc.getValue());
        int afterHeader = 8 + 25; // signature, then IHDR (length, type, 13 bytes, CRC)
        ByteBuffer all = ByteBuffer.allocate(png.length + chunk.capacity());
        all.put(png, 0, afterHeader).put(chunk.array()).put(png, afterHeader, png.length - afterHeader);
        return all.array();
    }

    /** The same small PNG, its header claiming a canvas far larger than its data. */
    private static byte[] claimingCanvas(byte[] png, int width, int height) {
        byte[] bomb = png.clone();
        ByteBuffer.wrap(bomb, 16, 8).putInt(width).putInt(height);
        CRC32 crc = new CRC32();
        crc.update(bomb, 12, 17);
        ByteBuffer.wrap(bomb, 29, 4).putInt((int) crc.getValue());
        return bomb;
    }

    private ApiClient api() {
        return ApiClient.localhost(port);
    }
}
