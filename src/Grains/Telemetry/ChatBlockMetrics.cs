using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ChatBlock.Grains.Telemetry;

/// <summary>
/// The <c>ChatBlock</c> meter (issue 14): blocks, unblocks and the send gate's decisions, in the field's terms. Read it with
/// <c>dotnet-counters monitor --counters ChatBlock -n ChatBlock.Api</c> or a <see cref="MeterListener"/>.
/// </summary>
public static class ChatBlockMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "ChatBlock";

    private static readonly Meter _meter = new(MeterName);
    private static readonly Counter<long> _blocks = _meter.CreateCounter<long>("chatblock.blocks", "{block}", "Blocks made.");
    private static readonly Counter<long> _unblocks = _meter.CreateCounter<long>("chatblock.unblocks", "{block}", "Blocks removed.");
    private static readonly Counter<long> _sends = _meter.CreateCounter<long>(
        "chatblock.sends", "{message}", "Direct sends decided by the send gate; tags outcome, reason, decided_by.");
    private static readonly Histogram<double> _sendDuration = _meter.CreateHistogram<double>(
        "chatblock.send.duration", "ms", "Time the send gate took to decide a direct send.");

    /// <summary>Counts a block that was made (not a duplicate or refused one).</summary>
    public static void Blocked() => _blocks.Add(1);

    /// <summary>Counts a block that was removed.</summary>
    public static void Unblocked() => _unblocks.Add(1);

    /// <summary>
    /// Records a direct send's decision: <c>outcome</c> accepted or refused, <c>reason</c> (recipient_blocked,
    /// blocked_by_recipient, not_delivered, shadow) when refused, <c>decided_by</c> memory or database, and the duration since
    /// <paramref name="startedTimestamp"/> (a <see cref="Stopwatch.GetTimestamp"/> value). Not-a-participant answers are not sends.
    /// </summary>
    public static void Sent(SendOutcome outcome, bool decidedByDatabase, long startedTimestamp)
    {
        string? reason = outcome switch
        {
            SendOutcome.Sent => null,
            SendOutcome.RecipientBlocked => "recipient_blocked",
            SendOutcome.BlockedByRecipient => "blocked_by_recipient",
            SendOutcome.NotDelivered => "not_delivered",
            SendOutcome.SentToSenderOnly => "shadow",
            _ => "",
        };
        if (reason is "")
        {
            return;
        }

        var tags = new TagList
        {
            { "outcome", reason is null ? "accepted" : "refused" },
            { "decided_by", decidedByDatabase ? "database" : "memory" },
        };
        if (reason is not null)
        {
            tags.Add("reason", reason);
        }

        _sends.Add(1, tags);
        _sendDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds, tags);
    }
}
