namespace Vacancies.Http;

public static class Geo
{
    /// <summary>Great-circle distance in km (haversine) from @nearLat/@nearLon to the given columns, as SQL,
    /// so that filtering and sorting by distance happen in the database with the rest of the query.</summary>
    public static string DistanceKmSql(string latColumn, string lonColumn) =>
        $"(12742.0176 * asin(least(1.0, sqrt(power(sin(radians({latColumn} - @nearLat) / 2), 2) + cos(radians(@nearLat)) * cos(radians({latColumn})) * power(sin(radians({lonColumn} - @nearLon) / 2), 2)))))";
}
