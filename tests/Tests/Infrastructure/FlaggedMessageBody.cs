namespace ChatBlock.Tests.Infrastructure;

/// <summary>A <c>Message</c> with the viewer's <c>senderBlockedByMe</c> (SPEC section 10); null when the field is absent.</summary>
public sealed record FlaggedMessageBody(Guid Id, Guid SenderId, string Content, bool? SenderBlockedByMe);

/// <summary>A history page of <see cref="FlaggedMessageBody"/>.</summary>
public sealed record FlaggedMessagePageBody(List<FlaggedMessageBody> Items, string? NextCursor);
