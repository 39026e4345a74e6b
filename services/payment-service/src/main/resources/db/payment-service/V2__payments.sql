-- The simulated card processor's vault: a token stands for a card's test behaviour and last four digits.
-- The card number itself is never stored anywhere (not here, not in a log, not on Kafka).
create table card_token (
    token      varchar(64) primary key,
    last4      char(4) not null,
    behaviour  varchar(32) not null,
    created_at timestamp with time zone not null
);

-- One payment per order. Status moves AUTHORIZED -> CAPTURED -> REFUNDED, AUTHORIZED -> VOIDED, or ends DECLINED.
create table payment (
    id               uuid primary key,
    order_id         varchar(64) not null unique,
    user_id          varchar(64) not null,
    amount           numeric(12, 2) not null check (amount > 0),
    currency         char(3) not null,
    status           varchar(16) not null,
    card_last4       char(4) not null,
    card_token       varchar(64) not null,
    authorization_id varchar(64),
    failure_reason   varchar(64),
    version          bigint not null,
    created_at       timestamp with time zone not null,
    updated_at       timestamp with time zone not null
);
create index payment_user_idx on payment (user_id);
