-- The saga is interpreted from a table (CheckoutSagaDefinition): where it is follows from its step, so the two
-- flags go; a cancel can wait behind an outstanding completion, and an acknowledgement can arrive early (a refund
-- made by an admin at payment-service).
alter table checkout_saga drop column stock_reserved;
alter table checkout_saga drop column payment_authorized;
alter table checkout_saga add column cancel_requested boolean default false not null;
alter table checkout_saga add column acknowledged varchar(200) default '' not null;
create index checkout_saga_step_idx on checkout_saga (step, attempts);
