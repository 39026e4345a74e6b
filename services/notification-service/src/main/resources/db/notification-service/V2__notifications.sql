-- Every notification sent or attempted, per user. One per (event, type, channel): a redelivered event finds
-- its id in processed_message (same transaction) and does nothing.
create table notification (
    id         uuid primary key,
    event_id   varchar(200) not null,
    user_id    varchar(64) not null,
    type       varchar(32) not null,
    channel    varchar(16) not null,
    recipient  varchar(254) not null,
    subject    varchar(300) not null,
    body       varchar(8000) not null,
    status     varchar(16) not null,
    attempts   integer not null,
    created_at timestamp with time zone not null,
    sent_at    timestamp with time zone,
    unique (event_id, type, channel)
);
create index notification_user_idx on notification (user_id, created_at);
