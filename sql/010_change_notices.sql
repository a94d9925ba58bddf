-- Every node caches the public answers (units, vacancies, feeds) and must hear of any change to what they show,
-- whoever makes it: a sweep on another node, a chief's edit, an operator at psql. A statement trigger notifies at
-- commit (a rolled-back change says nothing, and repeated notices in one transaction are sent once).

create function notify_public_data_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify('public_data_changed', '');
    return null;
end
$$;

create trigger units_changed after insert or update or delete or truncate on units
    for each statement execute function notify_public_data_changed();
create trigger vacancies_changed after insert or update or delete or truncate on vacancies
    for each statement execute function notify_public_data_changed();
create trigger listings_changed after insert or update or delete or truncate on listings
    for each statement execute function notify_public_data_changed();
create trigger sources_changed after insert or update or delete or truncate on sources
    for each statement execute function notify_public_data_changed();
