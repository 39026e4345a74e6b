-- PostgreSQL only: trigram indexes serve the catalog search (lower(name|description) LIKE '%term%') on
-- large catalogs; see docs/benchmarks.md for what a search costs at 100,000 products.
create extension if not exists pg_trgm;
create index product_name_trgm_idx on product using gin (lower(name) gin_trgm_ops);
create index product_description_trgm_idx on product using gin (lower(description) gin_trgm_ops);
