using ChatBlock.Api.Infrastructure;
using ChatBlock.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ChatBlock.Api.Conversations;

/// <summary>
/// Paging of <c>GET /conversations?limit=&amp;cursor=</c>; <c>cursor</c> is a <c>nextCursor</c> this service returned (the activity
/// time and id of the previous page's last conversation, <see cref="KeysetCursorCodec"/>).
/// </summary>
public sealed record ConversationPageRequest : PageRequest
{
    /// <summary>The opaque <c>cursor</c> query value, or null for the first page.</summary>
    [FromQuery(Name = "cursor")]
    public string? Cursor { get; init; }

    /// <summary>The decoded <see cref="Cursor"/>; null for the first page. Valid after <see cref="PageRequest.Validate"/>.</summary>
    public ConversationCursor? After =>
        KeysetCursorCodec.TryDecode(Cursor, out var at, out var id) ? new ConversationCursor(at, id) : null;

    /// <summary>The opaque form of <paramref name="next"/>, for <c>nextCursor</c>; null on the last page.</summary>
    public static string? Encode(ConversationCursor? next) =>
        next is null ? null : KeysetCursorCodec.Encode(next.ActivityAt, next.ConversationId);

    /// <inheritdoc/>
    /// <remarks>A cursor this service did not return is <c>400 request.invalid</c>.</remarks>
    protected override ProblemHttpResult? ValidateCursor() =>
        Cursor is not null && !KeysetCursorCodec.TryDecode(Cursor, out _, out _)
            ? ApiProblems.Invalid("'cursor' is not a cursor this service returned.")
            : null;
}
