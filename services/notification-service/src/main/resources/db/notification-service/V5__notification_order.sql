-- The order a notification is about (ORDER_*, PAYMENT_REFUNDED; null for WELCOME), so that an order's page can list
-- them (GET /api/notifications?orderId=..., composed by the gateway into GET /api/orders/{id}/details).
alter table notification add column order_id varchar(64);
create index notification_order_idx on notification (order_id, created_at);
