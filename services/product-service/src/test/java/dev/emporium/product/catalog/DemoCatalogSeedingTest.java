package dev.emporium.product.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.context.EmbeddedKafka;

/** Seeding is idempotent: running it again adds nothing. */
@SpringBootTest(properties = {
        "eureka.client.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "emporium.catalog.demo-data=true"})
@EmbeddedKafka(partitions = 1)
class DemoCatalogSeedingTest {

    @Autowired
    DemoCatalog demo;

    @Autowired
    JdbcClient jdbc;

    @Test
    void seedingTwiceGivesTheSameCatalog() {
        long before = jdbc.sql("select count(*) from product").query(Long.class).single();
        assertThat(before).isEqualTo(DemoCatalog.entries().size()).isGreaterThanOrEqualTo(40);
        assertThat(demo.seed()).isZero();
        assertThat(jdbc.sql("select count(*) from product").query(Long.class).single()).isEqualTo(before);
        assertThat(jdbc.sql("select count(distinct category) from product").query(Long.class).single()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void everyDemoProductHasItsIllustrationAndACatalogSeededBeforePicturesGetsThem() {
        assertThat(jdbc.sql("select count(*) from product where image_version is null").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from product_image where content_type = 'image/svg+xml'").query(Long.class).single())
                .isEqualTo(2L * DemoCatalog.entries().size());
        // as if seeded by a version without pictures: the next start gives them back, and only to those
        jdbc.sql("delete from product_image where product_id in (select id from product where sku like 'TOY-%')").update();
        jdbc.sql("update product set image_version = null where sku like 'TOY-%'").update();
        String kitchenVersion = jdbc.sql("select image_version from product where sku = 'KIT-001'").query(String.class).single();
        assertThat(demo.seed()).isZero();
        assertThat(jdbc.sql("select count(*) from product where image_version is null").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select image_version from product where sku = 'KIT-001'").query(String.class).single())
                .isEqualTo(kitchenVersion);
    }
}
