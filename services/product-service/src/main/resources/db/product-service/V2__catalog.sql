-- The catalog. A deleted product stays (active = false): past orders keep pointing at it.
create table product (
    id          uuid primary key,
    sku         varchar(64) not null unique,
    name        varchar(200) not null,
    description varchar(4000) not null,
    category    varchar(100) not null,
    price       numeric(12, 2) not null check (price > 0),
    currency    char(3) not null,
    active      boolean not null,
    version     bigint not null,
    created_at  timestamp with time zone not null,
    updated_at  timestamp with time zone not null,
    deleted_at  timestamp with time zone
);
create index product_category_idx on product (category, active);
create index product_price_idx on product (price);
create index product_created_idx on product (created_at);
create index product_name_idx on product (name);

-- Inventory, apart from the catalog so that a catalog edit can never overwrite stock.
-- initial + adjustments = available + reserved + sold - returned, and none of them is ever negative.
create table stock_item (
    product_id uuid primary key references product (id),
    available  integer not null check (available >= 0),
    reserved   integer not null check (reserved >= 0),
    sold       integer not null check (sold >= 0),
    updated_at timestamp with time zone not null
);

-- One reservation per order (the checkout saga's ReserveStock), with its lines. Its status only moves forward:
-- RESERVED -> COMMITTED -> RETURNED, or RESERVED -> RELEASED; REJECTED when stock was short.
create table stock_reservation (
    order_id   varchar(64) primary key,
    status     varchar(16) not null,
    reason     varchar(200),
    expires_at timestamp with time zone not null,
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null
);
create index stock_reservation_expiry_idx on stock_reservation (status, expires_at);

create table stock_reservation_line (
    order_id   varchar(64) not null references stock_reservation (order_id),
    product_id uuid not null references product (id),
    quantity   integer not null check (quantity > 0),
    primary key (order_id, product_id)
);
