namespace ChatBlock.Api.Events;

/// <summary>What <see cref="EventReplayer.ReplayAsync"/> found.</summary>
/// <param name="Events"><c>message.created</c> events, oldest first; empty when <see cref="Complete"/> is false.</param>
/// <param name="Complete"><see langword="false"/> when more than <see cref="EventsOptions.ReplayLimit"/> messages were missed.</param>
public sealed record ReplayResult(IReadOnlyList<LiveEvent> Events, bool Complete);
