using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ChatBlock.Api.Infrastructure;

/// <summary>
/// The paging query of a list route (SPEC section 4), bound with <c>[AsParameters]</c> as eShop's <c>PaginationRequest</c>:
/// <c>limit</c> 1-100, default 50, and the route's own cursor. <see cref="ApiRouteConventions"/> validates it once, in an endpoint
/// filter, before the handler runs; handlers read <see cref="Size"/> and the cursor already checked.
/// </summary>
public abstract record PageRequest
{
    /// <summary>Page size when <c>limit</c> is absent.</summary>
    public const int DefaultLimit = 50;

    /// <summary>Largest page size.</summary>
    public const int MaxLimit = 100;

    /// <summary>
    /// The <c>limit</c> query value as sent; parsed here, so that a bad value is <c>400 request.invalid</c> with this API's wording
    /// rather than a binding error.
    /// </summary>
    [FromQuery(Name = "limit")]
    public string? Limit { get; init; }

    /// <summary>
    /// The page size: <see cref="Limit"/>, or <see cref="DefaultLimit"/> when absent. Meaningful once <see cref="Validate"/> passed.
    /// </summary>
    public int Size => Limit is not null && int.TryParse(Limit, out var size) ? size : DefaultLimit;

    /// <summary>
    /// <see langword="null"/> when the query is valid; otherwise <c>400 request.invalid</c> for a bad <c>limit</c>, or the cursor's
    /// own problem.
    /// </summary>
    public ProblemHttpResult? Validate() =>
        Limit is not null && (!int.TryParse(Limit, out var size) || size is < 1 or > MaxLimit)
            ? ApiProblems.Invalid($"'limit' must be an integer from 1 to {MaxLimit}.")
            : ValidateCursor();

    /// <summary>The problem with the route's cursor, or <see langword="null"/> when it is absent or valid.</summary>
    protected abstract ProblemHttpResult? ValidateCursor();
}
