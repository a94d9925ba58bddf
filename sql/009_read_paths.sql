-- Indexes that let a job seeker's page be read in order rather than sorted from every open post.
-- A page of /vacancies walks the public listings in closing (or posted) order and stops after a page:
-- each listing reaches its vacancy through the primary-listing index, so no query touches every row.

-- A listing is the primary listing of at most one vacancy; the index is also how a listing finds it.
create unique index vacancies_by_primary_listing on vacancies (primary_listing_id);

-- No closing date sorts last (the expression VacancySearch orders by), ties broken by the vacancy.
create index listings_public_by_closing on listings ((coalesce(closes_on, date '9999-12-31')), vacancy_id)
    where audience = 'public';

-- A post whose advert gives no posted date was posted, as far as anyone can tell, when its listing was first seen.
create index listings_public_by_posted on listings ((coalesce(posted_on, (first_seen_at at time zone 'Europe/London')::date)), vacancy_id)
    where audience = 'public';
