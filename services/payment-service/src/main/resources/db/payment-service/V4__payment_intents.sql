-- The card processor is remote (services/card-processor, or a real provider's adapter): it keeps the cards, so
-- card_token is only our record of which payment-method id stands for which last four digits.
alter table card_token drop column behaviour;

-- Never mark before it knows. Every processor operation is first recorded as an intent (committed before the call,
-- idempotency key '<payment id>:<operation>'), and its outcome after the answer. An intent left behind by a crash or
-- a lost answer is finished by the reconciler, which re-issues the same call.
--   intent              AUTHORIZE | CAPTURE | VOID | REFUND while a call is outstanding, else null
--   intent_since        when it was recorded (the reconciler waits emporium.payments.reconcile-after)
--   intent_lease_until  who is making the call right now may do so until then; nobody else re-issues it before
-- A new payment starts AUTHORIZING (intent AUTHORIZE) and becomes AUTHORIZED or DECLINED once the processor answered.
alter table payment add column intent varchar(16);
alter table payment add column intent_since timestamp with time zone;
alter table payment add column intent_lease_until timestamp with time zone;
create index payment_intent_idx on payment (intent, intent_since);
create index payment_updated_idx on payment (updated_at);

-- A VoidPayment for an order with no payment leaves a VOIDED tombstone: no user, amount or card, so a late
-- AuthorizePayment for that order holds nothing.
alter table payment alter column user_id drop not null;
alter table payment alter column amount drop not null;
alter table payment alter column currency drop not null;
alter table payment alter column card_last4 drop not null;
alter table payment alter column card_token drop not null;
