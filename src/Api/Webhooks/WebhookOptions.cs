namespace ChatBlock.Api.Webhooks;

/// <summary>
/// Delivery of webhooks (SPEC section 8), bound from the <c>Webhooks</c> section. The URL and key of each app are under
/// <c>Apps:{appId}</c>; these settings are the sender's, the same for every app.
/// </summary>
public sealed class WebhookOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Webhooks";

    /// <summary>
    /// Delay before the first retry; each further retry doubles it (jittered) up to <see cref="MaxBackoff"/>. Default 1 s.
    /// </summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between two tries of one event. Default 1 hour.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long an event is retried, from the change it reports, before its row is marked dead and logged. Default 24 hours; no
    /// try starts after that, and every try before it does (so with <see cref="MaxBackoff"/> of an hour, tries go on 23-24 hours).
    /// </summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Longest wait for one POST's answer; past it the try counts as failed. Default 10 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the sender looks for due rows. Default 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a claimed row stays with this silo beyond the try in progress (a silo that dies frees its rows after this).
    /// Default 1 minute; must exceed <see cref="AttemptTimeout"/>.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Most events this silo delivers (or waits to retry) at once, one per blocker. Default 64.</summary>
    public int MaxInFlight { get; set; } = 64;
}
