namespace ChatBlock.Api.Blocks;

/// <summary>
/// The <c>report</c> member of a block's body (SPEC section 10, report and block): <c>{reason, messageIds?, comment?}</c>.
/// </summary>
/// <param name="Reason"><c>spam</c>, <c>harassment</c> or <c>other</c>.</param>
/// <param name="MessageIds">Up to 20 ids of the blocked user's messages, in conversations of the caller, kept as evidence.</param>
/// <param name="Comment">The caller's comment, at most 1000 characters.</param>
public sealed record ReportRequest(string? Reason, IReadOnlyList<Guid>? MessageIds, string? Comment);
