namespace ChatBlock.Grains;

/// <summary>
/// A report that travels with a block (SPEC section 10, "Report and block in one call", after Signal-Android#11730 and XEP-0377),
/// already validated by <see cref="ReportRules"/>.
/// </summary>
/// <param name="Reason">One of <see cref="ReportRules.Reasons"/>: <c>spam</c>, <c>harassment</c>, <c>other</c>.</param>
/// <param name="MessageIds">Distinct ids of the blocked user's messages to keep as evidence, at most <see cref="ReportRules.MaxMessages"/>.</param>
/// <param name="Comment">The reporter's comment (at most <see cref="ReportRules.CommentMaxLength"/> characters), or null.</param>
public sealed record BlockReport(string Reason, IReadOnlyList<Guid> MessageIds, string? Comment);
