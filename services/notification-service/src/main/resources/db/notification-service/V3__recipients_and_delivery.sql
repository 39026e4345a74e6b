-- Who to notify, from user events (a read model: no call to user-service per message).
create table recipient (
    user_id    varchar(64) primary key,
    name       varchar(200) not null,
    email      varchar(254) not null,
    phone      varchar(32),
    updated_at timestamp with time zone not null
);

-- Notifications are queued (PENDING) with the event that caused them and delivered by a scheduled sender:
-- transient failures are retried at next_attempt_at with backoff, permanent ones end FAILED with the reason.
alter table notification alter column body set data type varchar(100000);
alter table notification add column html_body varchar(200000);
alter table notification add column failure varchar(500);
alter table notification add column next_attempt_at timestamp with time zone;
alter table notification add column updated_at timestamp with time zone;
create index notification_due_idx on notification (status, next_attempt_at);
