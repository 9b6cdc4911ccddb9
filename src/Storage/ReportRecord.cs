namespace ChatBlock.Storage;

/// <summary>A stored report (SPEC section 10), as an app's moderators read it.</summary>
/// <param name="Id">The report's id.</param>
/// <param name="Seq">Its position in the app's reports (ascending with time); the paging key.</param>
/// <param name="Reporter">The user who reported (and blocked).</param>
/// <param name="Reported">The user reported (and blocked).</param>
/// <param name="Reason">One of <c>spam</c>, <c>harassment</c>, <c>other</c>.</param>
/// <param name="Comment">The reporter's comment, or null.</param>
/// <param name="CreatedAt">When the report was made (UTC).</param>
/// <param name="Messages">Copies of the listed messages, made when the report was stored (they survive the originals).</param>
public sealed record ReportRecord(
    Guid Id, long Seq, UserRecord Reporter, UserRecord Reported, string Reason, string? Comment, DateTimeOffset CreatedAt,
    IReadOnlyList<MessageRecord> Messages);
