-- Chief perfusionists keep their unit's entry true: bearer tokens (stored only as hashes), the
-- fields a chief maintains on the unit, and an audit log of every change.

-- A token is shown once as pv_<lookup_id>_<secret>; only SHA-256(secret) is kept. lookup_id finds the
-- row without comparing every hash. A unit token has unit_id; an operator's (admin) token has none.
create table api_tokens (
    id           bigint generated always as identity primary key,
    lookup_id    text not null unique check (lookup_id ~ '^[0-9a-f]{16}$'),
    token_hash   bytea not null check (length(token_hash) = 32),
    unit_id      int references units (id),
    is_admin     boolean not null default false,
    name         text not null check (length(name) between 1 and 200),
    created_at   timestamptz not null default now(),
    expires_at   timestamptz,
    revoked_at   timestamptz,
    last_used_at timestamptz,
    check (is_admin = (unit_id is null))
);

-- What the unit's chief maintains. `version` is the ETag a PATCH must match; `confirmed_fields`
-- names the fields a chief has set, which are then no longer in unverified_fields.
alter table units
    add column contact_name      text,
    add column contact_job_title text,
    add column contact_email     text,
    add column contact_phone     text,
    add column website           text check (website ~ '^https?://'),
    add column team_size         int check (team_size between 0 and 1000),
    add column training_offered  boolean,
    add column training_intake   text,
    add column visits            text,
    add column description       text,
    add column confirmed_fields  text[] not null default '{}',
    add column version           int not null default 1;

-- Every change a chief or an operator makes, with who, when, and the changed values before and after.
create table audit_log (
    id        bigint generated always as identity primary key,
    unit_id   int references units (id),
    token_id  bigint references api_tokens (id),
    actor     text not null,
    at        timestamptz not null default now(),
    action    text not null check (action in ('update', 'create', 'close', 'issue', 'revoke')),
    entity    text not null check (entity in ('unit', 'vacancy', 'token')),
    entity_id text not null,
    before    jsonb,
    after     jsonb
);

create index audit_log_by_unit on audit_log (unit_id, at desc);
