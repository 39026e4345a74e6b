package dev.emporium.product.catalog;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Read side of the catalog in plain SQL: search over name and description (case-insensitive substring, served
 * by trigram indexes on PostgreSQL), filters, sorting, pages, categories with counts.
 */
@Component
public class CatalogQueries {

    private static final String VIEW = """
            select p.id, p.sku, p.name, p.description, p.category, p.price, p.currency, p.created_at, p.updated_at,
                   p.image_version, s.available
            from product p join stock_item s on s.product_id = p.id
            """;

    private final JdbcClient jdbc;

    CatalogQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Page<ProductView> search(Search search, int page, int size) {
        StringBuilder where = new StringBuilder(" where p.active = true");
        Map<String, Object> params = new LinkedHashMap<>();
        if (search.q() != null && !search.q().isBlank()) {
            where.append(" and (lower(p.name) like :q escape '\\' or lower(p.description) like :q escape '\\')");
            params.put("q", "%" + escapeLike(search.q().strip().toLowerCase(Locale.ROOT)) + "%");
        }
        if (search.category() != null && !search.category().isBlank()) {
            where.append(" and p.category = :category");
            params.put("category", search.category());
        }
        if (search.minPrice() != null) {
            where.append(" and p.price >= :minPrice");
            params.put("minPrice", search.minPrice());
        }
        if (search.maxPrice() != null) {
            where.append(" and p.price <= :maxPrice");
            params.put("maxPrice", search.maxPrice());
        }
        long total = jdbc.sql("select count(*) from product p" + where).params(params).query(Long.class).single();
        params.put("limit", size);
        params.put("offset", (long) page * size);
        List<ProductView> content = jdbc.sql(VIEW + where + " order by " + search.sort().orderBy() + " limit :limit offset :offset")
                .params(params).query(CatalogQueries::view).list();
        return new PageImpl<>(content, PageRequest.of(page, size), total);
    }

    public Optional<ProductView> find(UUID id) {
        return jdbc.sql(VIEW + " where p.id = :id and p.active = true").param("id", id).query(CatalogQueries::view).optional();
    }

    public List<CategoryCount> categories() {
        return jdbc.sql("select category, count(*) from product where active = true group by category order by category")
                .query((rs, n) -> new CategoryCount(rs.getString(1), rs.getLong(2))).list();
    }

    /** Snapshot data for order-service: deleted products are included, marked inactive. */
    public List<LookupItem> lookup(List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return new ArrayList<>(jdbc.sql("select id, sku, name, price, currency, active from product where id in (:ids)")
                .param("ids", ids)
                .query((rs, n) -> new LookupItem(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getBigDecimal(4), rs.getString(5), rs.getBoolean(6)))
                .list());
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static ProductView view(ResultSet rs, int row) throws SQLException {
        return new ProductView(rs.getObject("id", UUID.class), rs.getString("sku"), rs.getString("name"),
                rs.getString("description"), rs.getString("category"), rs.getBigDecimal("price"),
                rs.getString("currency").trim(), rs.getInt("available"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                ProductView.Image.of(rs.getObject("id", UUID.class), rs.getString("image_version")));
    }

    /** What the catalog may be filtered by. */
    public record Search(String q, String category, BigDecimal minPrice, BigDecimal maxPrice, Sort sort) {
    }

    /** The orders the public API offers ({@code name}, {@code price}, {@code -price}, {@code newest}). */
    public enum Sort {
        NAME("p.name asc, p.id"), PRICE("p.price asc, p.id"), PRICE_DESC("p.price desc, p.id"),
        NEWEST("p.created_at desc, p.id");

        private final String orderBy;

        Sort(String orderBy) {
            this.orderBy = orderBy;
        }

        String orderBy() {
            return orderBy;
        }

        public static Optional<Sort> parse(String value) {
            return switch (value == null ? "name" : value) {
                case "name" -> Optional.of(NAME);
                case "price" -> Optional.of(PRICE);
                case "-price" -> Optional.of(PRICE_DESC);
                case "newest" -> Optional.of(NEWEST);
                default -> Optional.empty();
            };
        }
    }

    public record CategoryCount(String name, long productCount) {
    }

    public record LookupItem(UUID id, String sku, String name, BigDecimal price, String currency, boolean active) {
    }
}
