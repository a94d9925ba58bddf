-- The boards the service reads, and `direct` for posts a unit's chief lists itself.
insert into sources (slug, name, home_url) values
    ('nhs-jobs', 'NHS Jobs (England and Wales)', 'https://www.jobs.nhs.uk'),
    ('nhs-scotland', 'NHS Scotland Jobs', 'https://apply.jobs.scot.nhs.uk'),
    ('hsc-ni', 'HSC Jobs (Northern Ireland)', 'https://jobs.hscni.net'),
    ('hse', 'HSE Jobs (Ireland)', 'https://about.hse.ie/jobs/'),
    ('publicjobs', 'publicjobs.ie', 'https://publicjobs.tal.net'),
    ('direct', 'Listed by the unit', 'https://perfusion-vacancies.example/');
