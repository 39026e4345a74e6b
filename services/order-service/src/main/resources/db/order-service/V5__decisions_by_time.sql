-- The checkout's admission limit counts the decisions of the last seconds (CheckoutAdmission) several times a second.
create index order_status_change_at_idx on order_status_change (at, status);
