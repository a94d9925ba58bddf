namespace Vacancies.Vacancies;

/// <summary>The one definition of a vacancy shown to job seekers as open, used by every query that
/// counts or lists them: `v` is the vacancy, `pl` its primary listing.</summary>
public static class VacancyVisibility
{
    /// <summary>Today on the UK calendar, the day a closing date is measured against.</summary>
    public const string UkTodaySql = "(now() at time zone 'Europe/London')::date";

    /// <summary>Open, its closing date (UK calendar) not passed, and open to the public: an HSE confined
    /// competition is stored but is not an open post for a newcomer.</summary>
    public const string OpenToPublicSql =
        $"v.status = 'open' and pl.audience = 'public' and (pl.closes_on is null or pl.closes_on >= {UkTodaySql})";

    /// <summary>What a public list may show when closed posts are asked for too: never an internal competition.</summary>
    public const string PublicSql = "pl.audience = 'public'";
}
