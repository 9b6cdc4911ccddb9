namespace ChatBlock.Grains;

/// <summary>The rules of a report made with a block (SPEC section 10).</summary>
public static class ReportRules
{
    /// <summary>The most messages one report may list (SPEC section 10: "up to 20").</summary>
    public const int MaxMessages = 20;

    /// <summary>The longest comment, in UTF-16 code units.</summary>
    public const int CommentMaxLength = 1000;

    /// <summary>The reasons a report may give (SPEC section 10).</summary>
    public static IReadOnlyList<string> Reasons { get; } = ["spam", "harassment", "other"];

    /// <summary>
    /// Why a report is not acceptable (the detail of a <c>400 request.invalid</c>), or null: an unknown reason, more than
    /// <see cref="MaxMessages"/> messages, an empty message id, a comment over <see cref="CommentMaxLength"/> characters.
    /// </summary>
    public static string? Validate(string? reason, IReadOnlyList<Guid>? messageIds, string? comment)
    {
        if (reason is null || !Reasons.Contains(reason, StringComparer.Ordinal))
        {
            return "'report.reason' must be one of 'spam', 'harassment', 'other'.";
        }

        if (messageIds is { Count: > MaxMessages })
        {
            return $"'report.messageIds' may list at most {MaxMessages} messages.";
        }

        if (messageIds is not null && messageIds.Contains(Guid.Empty))
        {
            return "'report.messageIds' must be message ids.";
        }

        return comment is { Length: > CommentMaxLength } ? $"'report.comment' may be at most {CommentMaxLength} characters." : null;
    }
}
