namespace ChatBlock.Storage;

/// <summary>
/// A report that a block carries (SPEC section 10, "Report and block in one call"), stored with the block in the same transaction by
/// <see cref="IChatStore.AddBlockWithinLimitAsync"/>, with a copy of each listed message as evidence.
/// </summary>
/// <param name="Id">The report's id, made by the caller (a version 7 UUID).</param>
/// <param name="Reason">One of <c>spam</c>, <c>harassment</c>, <c>other</c>.</param>
/// <param name="MessageIds">
/// Distinct ids of messages the blocked user sent in a conversation the reporter is in (at most 20); another id refuses the whole
/// request (<see cref="BlockAttemptResult.InvalidReportMessage"/>) and nothing changes.
/// </param>
/// <param name="Comment">The reporter's comment, or null.</param>
/// <param name="Limit">Reports one user may make per window (<c>Blocking:RateLimit:ReportsPerDay</c>), counted in the database.</param>
public sealed record ReportDraft(Guid Id, string Reason, IReadOnlyList<Guid> MessageIds, string? Comment, RateWindow Limit);
