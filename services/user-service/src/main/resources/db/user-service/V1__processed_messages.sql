-- Inbox of the idempotent consumer: a message id is recorded in the same transaction as its effect,
-- so a redelivered message is recognised and has no second effect.
create table processed_message (
    message_id   varchar(200) not null,
    consumer     varchar(100) not null,
    processed_at timestamp with time zone not null default current_timestamp,
    primary key (message_id, consumer)
);
