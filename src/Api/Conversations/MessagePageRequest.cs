using ChatBlock.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ChatBlock.Api.Conversations;

/// <summary>
/// Paging of <c>GET /conversations/{id}/messages?limit=&amp;before=</c>; <c>before</c> is a message id (the previous page's
/// <c>nextCursor</c>).
/// </summary>
public sealed record MessagePageRequest : PageRequest
{
    /// <summary>The <c>before</c> query value, or null for the newest page.</summary>
    [FromQuery(Name = "before")]
    public string? Before { get; init; }

    /// <summary>The parsed <see cref="Before"/>; null for the newest page. Valid after <see cref="PageRequest.Validate"/>.</summary>
    public Guid? BeforeId => Guid.TryParseExact(Before, "D", out var id) ? id : null;

    /// <inheritdoc/>
    /// <remarks>A malformed id is <c>400 request.invalid_id</c>.</remarks>
    protected override ProblemHttpResult? ValidateCursor() =>
        Before is not null && !Guid.TryParseExact(Before, "D", out _) ? ApiProblems.InvalidId("before") : null;
}
