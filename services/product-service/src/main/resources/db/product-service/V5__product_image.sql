-- Product images: each upload is decoded and re-encoded into two variants (thumb for the grid, large for the
-- product page); the demo catalog's illustrations are stored as they are (SVG). product.image_version names the
-- current image (a digest of its large variant) so that its URLs change with it and can be cached for good.
alter table product add column image_version varchar(32);

create table product_image (
    product_id   uuid not null references product (id),
    variant      varchar(8) not null,
    content_type varchar(32) not null,
    etag         varchar(80) not null,
    width        integer,
    height       integer,
    bytes        bytea not null,
    updated_at   timestamp with time zone not null,
    primary key (product_id, variant)
);
