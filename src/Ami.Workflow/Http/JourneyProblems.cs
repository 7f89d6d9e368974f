using Ami.Domain.Validation;
using Microsoft.AspNetCore.Http;

namespace Ami.Workflow.Http;

// TEMPORARY: replaced by the intake's Http/Problems.cs once merged.
internal static class JourneyProblems
{
    public const string TypeBase = "https://ami.region.example/problems/";

    public static IResult Create(int status, string code, string title, string detail, IReadOnlyList<FieldError>? errors = null) =>
        Results.Json(
            new Problem(TypeBase + code, title, status, detail, code, errors is { Count: > 0 } ? errors : null),
            contentType: "application/problem+json",
            statusCode: status);

    private sealed record Problem(string Type, string Title, int Status, string Detail, string Code, IReadOnlyList<FieldError>? Errors);
}
