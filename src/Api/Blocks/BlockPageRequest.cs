using ChatBlock.Api.Infrastructure;
using ChatBlock.Grains;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ChatBlock.Api.Blocks;

/// <summary>Paging of <c>GET /users/me/blocks?limit=&amp;cursor=</c>; <c>cursor</c> is a <c>nextCursor</c> this service returned.</summary>
public sealed record BlockPageRequest : PageRequest
{
    /// <summary>The opaque <c>cursor</c> query value, or null for the first page.</summary>
    [FromQuery(Name = "cursor")]
    public string? Cursor { get; init; }

    /// <summary>The decoded <see cref="Cursor"/>; null for the first page. Valid after <see cref="PageRequest.Validate"/>.</summary>
    public BlockCursor? After => Cursor is not null && BlockCursorCodec.TryDecode(Cursor, out var after) ? after : null;

    /// <inheritdoc/>
    /// <remarks>A cursor this service did not return is <c>400 request.invalid</c>.</remarks>
    protected override ProblemHttpResult? ValidateCursor() =>
        Cursor is not null && !BlockCursorCodec.TryDecode(Cursor, out _)
            ? ApiProblems.Invalid("'cursor' is not a cursor this service returned.")
            : null;
}
