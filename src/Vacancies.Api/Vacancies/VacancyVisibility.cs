namespace Vacancies.Vacancies;

/// <summary>The one definition of a vacancy shown to job seekers as open, used by every query that
/// counts or lists them: `v` is the vacancy, `pl` its primary listing.</summary>
public static class VacancyVisibility
{
    /// <summary>Open, its closing date (UK calendar) not passed, and open to the public: an HSE confined
    /// competition is stored but is not an open post for a newcomer.</summary>
    public const string OpenToPublicSql =
        "v.status = 'open' and pl.audience = 'public' and (pl.closes_on is null or pl.closes_on >= (now() at time zone 'Europe/London')::date)";
}
