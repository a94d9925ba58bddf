-- The directory of perfusion units. Facts carry their provenance: `provenance` is the reference
-- data's source list, and `unverified_fields` names the fields no source confirmed, which the
-- service shows as unconfirmed until the unit's chief perfusionist confirms them.
create table units (
    id                int generated always as identity primary key,
    slug              text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name              text not null,
    employer          text not null,
    city              text,
    country           text not null check (country in ('england', 'scotland', 'wales', 'northern-ireland', 'ireland')),
    region            text,
    postcode          text,
    lat               double precision check (lat between -90 and 90),
    lon               double precision check (lon between -180 and 180),
    services          text[] not null default '{}'
                      check (services <@ array['adult-cardiac', 'paediatric-cardiac', 'heart-transplant', 'lung-transplant', 'ecmo', 'vad', 'pea']),
    sector            text not null check (sector in ('public', 'private')),
    ods_code          text,
    provenance        text not null default '',
    unverified_fields text[] not null default '{}',
    notes             text,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    check ((lat is null) = (lon is null))
);

create index units_country on units (country);
