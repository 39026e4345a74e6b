-- Claim before send: the sender marks a notification SENDING with a lease (claimed_by, claimed_until) and commits
-- that before it talks to SMTP; a lease that ran out (the sender crashed mid-send) lets another pass take it again.
-- message_id: the email's Message-ID, fixed at the first claim, so a resend carries the same one and mail systems
-- drop the duplicate. Internal only: never shown by the API.
alter table notification add column claimed_by varchar(200);
alter table notification add column claimed_until timestamp with time zone;
alter table notification add column message_id varchar(300);
create index notification_lease_idx on notification (status, claimed_until);
