using Microsoft.AspNetCore.Http.HttpResults;

namespace Vacancies.Http;

/// <summary>Problem documents (RFC 7807) for the answers the endpoints give by hand.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

    public static ProblemHttpResult Forbidden(string detail = "This token may not act on this unit.") =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    /// <summary>Any other status an endpoint answers by hand (409, 412, 413, 415, 428, ...).</summary>
    public static ProblemHttpResult Status(int statusCode, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: statusCode, title: title);
}
