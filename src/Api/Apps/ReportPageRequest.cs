using System.Globalization;
using ChatBlock.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ChatBlock.Api.Apps;

/// <summary>Paging of <c>GET /apps/{appId}/reports?limit=&amp;cursor=</c>; <c>cursor</c> is a <c>nextCursor</c> this service returned.</summary>
public sealed record ReportPageRequest : PageRequest
{
    /// <summary>The <c>cursor</c> query value (a report position), or null for the newest page.</summary>
    [FromQuery(Name = "cursor")]
    public string? Cursor { get; init; }

    /// <summary>The decoded <see cref="Cursor"/>: the reports before this position; null for the newest page.</summary>
    public long? Before => TryDecode(Cursor, out var seq) ? seq : null;

    /// <summary>The cursor of the page that follows the report at <paramref name="seq"/>.</summary>
    public static string Encode(long seq) => seq.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    /// <remarks>A cursor this service did not return is <c>400 request.invalid</c>.</remarks>
    protected override ProblemHttpResult? ValidateCursor() =>
        Cursor is not null && !TryDecode(Cursor, out _) ? ApiProblems.Invalid("'cursor' is not a cursor this service returned.") : null;

    private static bool TryDecode(string? value, out long seq) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out seq) && seq > 0;
}
