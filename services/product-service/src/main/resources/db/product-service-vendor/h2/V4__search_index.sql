-- H2 (local, small catalogs): a plain index on lower(name) is all a local catalog needs.
create index product_name_lower_idx on product (name);
