namespace ChatBlock.Api.Apps;

/// <summary>Answer of <c>GET /api/v1/apps/{appId}/reports</c> (SPEC section 10).</summary>
/// <param name="Items">Newest report first.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for older reports; null on the last page.</param>
public sealed record ReportListResponse(IReadOnlyList<ReportResponse> Items, string? NextCursor);

/// <summary>A report as the app's moderators read it.</summary>
/// <param name="Id">The report's id (the <c>reportId</c> the block answered).</param>
/// <param name="Reason"><c>spam</c>, <c>harassment</c> or <c>other</c>.</param>
/// <param name="Comment">The reporter's comment, or null.</param>
/// <param name="CreatedAt">When it was made (UTC).</param>
/// <param name="Reporter">Who reported (and blocked).</param>
/// <param name="Reported">Who was reported (and blocked); never told of the report.</param>
/// <param name="Messages">Copies of the listed messages, as they were when reported.</param>
public sealed record ReportResponse(
    Guid Id, string Reason, string? Comment, DateTimeOffset CreatedAt, ReportUser Reporter, ReportUser Reported,
    IReadOnlyList<ReportedMessage> Messages);

/// <summary>A user named by a report: the service's id and the app's own id for them.</summary>
/// <param name="Id">The user's id.</param>
/// <param name="ExternalId">The app's id for the user (the username in the app <c>default</c>).</param>
public sealed record ReportUser(Guid Id, string ExternalId);

/// <summary>The copy of a reported message.</summary>
/// <param name="Id">The original message's id.</param>
/// <param name="ConversationId">Where it was sent.</param>
/// <param name="SenderId">Its sender (the reported user).</param>
/// <param name="Content">Its text when reported.</param>
/// <param name="Type">Its message type.</param>
/// <param name="CreatedAt">When it was sent (UTC).</param>
public sealed record ReportedMessage(Guid Id, Guid ConversationId, Guid SenderId, string Content, string Type, DateTimeOffset CreatedAt);
