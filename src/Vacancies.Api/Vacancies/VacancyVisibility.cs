namespace Vacancies.Vacancies;

/// <summary>The one definition of a vacancy shown to job seekers as open, used by every query that
/// counts or lists them: `v` is the vacancy, `pl` its primary listing.</summary>
public static class VacancyVisibility
{
    /// <summary>Today on the UK calendar, the day a closing date is measured against.</summary>
    public const string UkTodaySql = "(now() at time zone 'Europe/London')::date";

    /// <summary>The closing date, no closing date sorting last (an open-ended post is the least urgent). Written as the
    /// index listings_public_by_closing (sql/009), so the closing condition below and the closing sort walk it.</summary>
    public const string ClosingSql = "coalesce(pl.closes_on, date '9999-12-31')";

    /// <summary>Open, its closing date (UK calendar) not passed (none is never passed), and open to the public: an
    /// HSE confined competition is stored but is not an open post for a newcomer.</summary>
    public const string OpenToPublicSql =
        $"v.status = 'open' and pl.audience = 'public' and {ClosingSql} >= {UkTodaySql}";

    /// <summary>What a public list may show when closed posts are asked for too: never an internal competition.</summary>
    public const string PublicSql = "pl.audience = 'public'";
}
