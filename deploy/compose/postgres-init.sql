-- One database and one user per service (each service its own database), run once by the postgres image on an
-- empty volume. Passwords: change them (or the whole file) for anything but a laptop.
CREATE USER users WITH PASSWORD 'users';
CREATE DATABASE users OWNER users;
CREATE USER products WITH PASSWORD 'products';
CREATE DATABASE products OWNER products;
CREATE USER orders WITH PASSWORD 'orders';
CREATE DATABASE orders OWNER orders;
CREATE USER payments WITH PASSWORD 'payments';
CREATE DATABASE payments OWNER payments;
CREATE USER notifications WITH PASSWORD 'notifications';
CREATE DATABASE notifications OWNER notifications;
-- pg_trgm (catalog search) is a trusted extension: products, as the database's owner, creates it in its migration
