-- Boards, their sweeps, the listings they carry, and the vacancies (posts) those listings advertise.
-- A listing is one board's advert, keyed by (source, source_ref); a vacancy is the post, which one or
-- more listings advertise (the same post on HSC NI and NHS Jobs is one vacancy with two listings).

create table sources (
    slug       text primary key check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name       text not null,
    home_url   text not null,
    created_at timestamptz not null default now()
);

-- Every sweep of a board, whatever its outcome: the record operators read to see a board's health.
create table sweeps (
    id              bigint generated always as identity primary key,
    source          text not null references sources (slug),
    node            text not null,
    trigger         text not null default 'manual' check (trigger in ('schedule', 'manual', 'api')),
    started_at      timestamptz not null default now(),
    finished_at     timestamptz,
    outcome         text not null default 'running' check (outcome in ('running', 'succeeded', 'partial', 'failed', 'blocked')),
    path            text check (path in ('xml', 'html')),
    requests        int not null default 0,
    pages           int not null default 0,
    posts_seen      int not null default 0,
    perfusion_posts int not null default 0,
    new_count       int not null default 0,
    updated_count   int not null default 0,
    closed_count    int not null default 0,
    unmatched       int not null default 0,
    error           text
);

create index sweeps_by_source on sweeps (source, started_at desc);

-- The post. Its shown fields come from its primary listing; unit_id is null while the match is
-- ambiguous or unknown, and candidate_unit_ids then keeps what it could be, so nothing is guessed.
create table vacancies (
    id                 bigint generated always as identity primary key,
    unit_id            int references units (id),
    candidate_unit_ids int[] not null default '{}',
    match_reason       text,
    country            text check (country in ('england', 'scotland', 'wales', 'northern-ireland', 'ireland')),
    primary_listing_id bigint,
    status             text not null default 'open' check (status in ('open', 'closed')),
    first_seen_at      timestamptz not null default now(),
    last_seen_at       timestamptz not null default now(),
    closed_at          timestamptz,
    updated_at         timestamptz not null default now()
);

create index vacancies_open_by_unit on vacancies (unit_id) where status = 'open';

create table listings (
    id                 bigint generated always as identity primary key,
    vacancy_id         bigint not null references vacancies (id),
    source             text not null references sources (slug),
    source_ref         text not null,
    url                text not null,
    title              text not null,
    employer           text,
    location           text,
    postcode           text,
    salary_text        text,
    salary_min         numeric(12, 2),
    salary_max         numeric(12, 2),
    currency           text check (currency in ('GBP', 'EUR')),
    salary_period      text check (salary_period in ('year', 'hour', 'day', 'week', 'month', 'session')),
    band               text,
    posted_on          date,
    closes_on          date,
    contract_type      text,
    working_pattern    text,
    grade              text check (grade in ('trainee', 'clinical', 'senior', 'chief')),
    audience           text not null default 'public' check (audience in ('public', 'internal')),
    description        text,
    employer_reference text,
    contact_name       text,
    contact_job_title  text,
    contact_email      text,
    contact_phone      text,
    -- The list page's own view of the listing: a change there is what makes the advert worth re-reading.
    list_hash          text,
    advert_fetched_at  timestamptz,
    status             text not null default 'open' check (status in ('open', 'closed')),
    closed_reason      text,
    first_seen_at      timestamptz not null default now(),
    last_seen_at       timestamptz not null default now(),
    closed_at          timestamptz,
    last_sweep_id      bigint references sweeps (id),
    unique (source, source_ref)
);

alter table vacancies add constraint vacancies_primary_listing foreign key (primary_listing_id) references listings (id) deferrable initially deferred;

create index listings_by_vacancy on listings (vacancy_id);
create index listings_open_by_source on listings (source) where status = 'open';

-- What changed in a listing and when: a board's edit is kept, never overwritten without trace.
create table listing_changes (
    id         bigint generated always as identity primary key,
    listing_id bigint not null references listings (id),
    sweep_id   bigint references sweeps (id),
    changed_at timestamptz not null default now(),
    kind       text not null check (kind in ('created', 'updated', 'closed', 'reopened')),
    before     jsonb,
    after      jsonb
);

create index listing_changes_by_listing on listing_changes (listing_id, changed_at);

-- Facts for matching a listing to its unit: employer names as boards write them (former trust names
-- included) and site names that tell apart the units of one employer.
create table unit_match_terms (
    unit_id int not null references units (id),
    kind    text not null check (kind in ('employer', 'site')),
    term    text not null,
    primary key (unit_id, kind, term)
);
