namespace ChatBlock.Storage.Webhooks;

/// <summary>How far webhook delivery is behind (<see cref="IWebhookOutbox.GetBacklogAsync"/>), for gauges.</summary>
/// <param name="Pending">Rows still to deliver (not dead).</param>
/// <param name="Dead">Rows given up after the retry period.</param>
/// <param name="OldestPendingAt">When the oldest pending row's change happened (UTC); null when nothing is pending.</param>
public sealed record OutboxBacklog(long Pending, long Dead, DateTimeOffset? OldestPendingAt)
{
    /// <summary>The age of the oldest pending row at <paramref name="now"/>; zero when nothing is pending.</summary>
    public TimeSpan OldestAge(DateTimeOffset now) => OldestPendingAt is { } at && now > at ? now - at : TimeSpan.Zero;
}
