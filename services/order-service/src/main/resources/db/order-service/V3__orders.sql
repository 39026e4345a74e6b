-- Orders, their lines as sold (name and price snapshotted from the catalog), the status timeline, and the
-- state of each order's checkout saga. Amounts are exact decimals.
create table orders (
    id                    uuid primary key,
    user_id               varchar(64) not null,
    status                varchar(20) not null,
    total                 numeric(14, 2) not null,
    currency              varchar(3) not null,
    ship_name             varchar(100) not null,
    ship_line1            varchar(200) not null,
    ship_city             varchar(100) not null,
    ship_postal_code      varchar(20) not null,
    ship_country          varchar(2) not null,
    -- the card as payment-service tokenized it: never its number
    card_last4            varchar(4) not null,
    payment_method_token  varchar(100) not null,
    failure_reason        varchar(40),
    idempotency_key       varchar(100),
    request_fingerprint   varchar(64),
    created_at            timestamp with time zone not null,
    updated_at            timestamp with time zone not null,
    version               bigint not null
);
-- one order per (user, Idempotency-Key); orders without a key (null) never collide
create unique index orders_idempotency_key_idx on orders (user_id, idempotency_key);
create index orders_by_user_idx on orders (user_id, created_at);
create index orders_by_status_idx on orders (status, created_at);

create table order_line (
    order_id    uuid not null references orders (id),
    line_no     integer not null,
    product_id  uuid not null,
    sku         varchar(64) not null,
    name        varchar(200) not null,
    unit_price  numeric(14, 2) not null,
    quantity    integer not null,
    line_total  numeric(14, 2) not null,
    primary key (order_id, line_no)
);

create table order_status_change (
    order_id  uuid not null references orders (id),
    seq       integer not null,
    status    varchar(20) not null,
    at        timestamp with time zone not null,
    reason    varchar(200),
    primary key (order_id, seq)
);

-- The orchestrator's memory: where each order's saga is, what it waits for, and until when.
create table checkout_saga (
    order_id            uuid primary key references orders (id),
    step                varchar(30) not null,
    awaiting            varchar(200) not null,
    stock_reserved      boolean not null,
    payment_authorized  boolean not null,
    failure_reason      varchar(40),
    deadline            timestamp with time zone,
    attempts            integer not null,
    updated_at          timestamp with time zone not null,
    version             bigint not null
);
create index checkout_saga_deadline_idx on checkout_saga (deadline);
