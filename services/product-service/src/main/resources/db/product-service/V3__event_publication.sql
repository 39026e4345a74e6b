-- Spring Modulith's event publication registry (v2 schema): the transactional outbox. An event is stored in
-- the same transaction as the change that raised it and deleted once it is on Kafka; what is left after a
-- crash is published again at start-up.
create table event_publication (
    id                     uuid not null primary key,
    listener_id            varchar(512) not null,
    event_type             varchar(512) not null,
    serialized_event       varchar(8000) not null,
    publication_date       timestamp with time zone not null,
    completion_date        timestamp with time zone,
    status                 varchar(20),
    completion_attempts    integer,
    last_resubmission_date timestamp with time zone
);
create index event_publication_by_completion_date_idx on event_publication (completion_date);
