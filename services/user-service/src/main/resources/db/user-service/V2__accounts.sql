-- Accounts. email is stored lower-cased: uniqueness is case-insensitive.
create table users (
    id            uuid primary key,
    name          varchar(100) not null,
    email         varchar(254) not null unique,
    password_hash varchar(255) not null,
    roles         varchar(100) not null,
    phone         varchar(20),
    version       bigint not null,
    created_at    timestamp with time zone not null,
    updated_at    timestamp with time zone not null
);

-- Refresh tokens: only a SHA-256 of the token is stored. Tokens of one login form a family; presenting a
-- token that was already rotated revokes the whole family (a stolen token is then useless to both parties).
create table refresh_token (
    token_hash  varchar(64) primary key,
    family_id   uuid not null,
    user_id     uuid not null references users (id),
    issued_at   timestamp with time zone not null,
    expires_at  timestamp with time zone not null,
    rotated_at  timestamp with time zone,
    revoked_at  timestamp with time zone
);
create index refresh_token_family_idx on refresh_token (family_id);

-- Token signing keys (JWK JSON, private part included). The newest active key signs; every key not yet
-- retired is published in the JWKS so tokens it signed stay verifiable until they expire.
create table signing_key (
    kid         varchar(64) primary key,
    jwk         varchar(8000) not null,
    created_at  timestamp with time zone not null,
    retired_at  timestamp with time zone
);
