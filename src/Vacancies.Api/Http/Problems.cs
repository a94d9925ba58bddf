using Microsoft.AspNetCore.Http.HttpResults;

namespace Vacancies.Http;

/// <summary>Problem documents (RFC 7807) for the answers the endpoints give by hand.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
}
