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
}
