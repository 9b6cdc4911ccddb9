using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using ChatBlock.Storage.Webhooks;

namespace ChatBlock.Grains.Telemetry;

/// <summary>
/// The <c>ChatBlock</c> meter (issue 14): blocks, unblocks and the send gate's decisions, in the field's terms; activations by
/// grain type and open live streams per silo; the lag of cross-silo invalidations. Read it with
/// <c>dotnet-counters monitor --counters ChatBlock -n ChatBlock.Api</c>, an OTLP exporter or a <see cref="MeterListener"/>.
/// </summary>
/// <remarks>
/// The gauges are fed by what each silo registers (<see cref="ObserveActivations"/>, <see cref="ObserveStreams"/>), tagged with
/// its <c>silo</c> id, so several silos in one process (tests) report apart.
/// </remarks>
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
    private static readonly Histogram<double> _invalidationLag = _meter.CreateHistogram<double>(
        "chatblock.invalidation.lag", "ms", "Time from a silo's cluster notification to another silo applying it; tag topic.");
    private static readonly ConcurrentDictionary<object, (string Silo, Func<IReadOnlyDictionary<Type, int>> Count)> _activations = new();
    private static readonly ConcurrentDictionary<object, (string Silo, Func<int> Count)> _streams = new();
    private static readonly ConcurrentDictionary<object, (string Silo, Func<OutboxBacklog?> Latest)> _outboxes = new();

    static ChatBlockMetrics()
    {
        _meter.CreateObservableGauge(
            "chatblock.activations", MeasureActivations, "{activation}", "Live grain activations; tags grain_type, silo.");
        _meter.CreateObservableUpDownCounter(
            "chatblock.streams.open", MeasureStreams, "{stream}", "Live event streams open; tag silo.");
        _meter.CreateObservableGauge(
            "chatblock.webhooks.backlog", MeasureOutboxRows, "{event}",
            "Webhook outbox rows of the database as a silo last read them; tags state (pending, dead), silo.");
        _meter.CreateObservableGauge(
            "chatblock.webhooks.oldest_age", MeasureOutboxAge, "s",
            "Age of the oldest pending webhook event, as a silo last read it; 0 when none is pending; tag silo.");
    }

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

    /// <summary>
    /// Records that a cluster notification on <paramref name="topic"/> sent at <paramref name="sentAt"/> (the sender's UTC clock)
    /// was applied now: <c>chatblock.invalidation.lag</c> in milliseconds (clock skew between hosts shows in it; never below 0).
    /// Nothing is recorded without a send time (a notification from an older silo).
    /// </summary>
    public static void InvalidationApplied(string topic, DateTimeOffset? sentAt)
    {
        if (sentAt is { } sent)
        {
            var lag = Math.Max(0, (DateTimeOffset.UtcNow - sent).TotalMilliseconds);
            _invalidationLag.Record(lag, new KeyValuePair<string, object?>("topic", topic));
        }
    }

    /// <summary>
    /// Reports <paramref name="count"/>'s activations by grain class as <c>chatblock.activations</c> (tags <c>grain_type</c>,
    /// <c>silo</c>) until the returned handle is disposed.
    /// </summary>
    public static IDisposable ObserveActivations(string siloId, Func<IReadOnlyDictionary<Type, int>> count) =>
        Register(_activations, (siloId, count));

    /// <summary>Reports <paramref name="count"/> as <c>chatblock.streams.open</c> (tag <c>silo</c>) until the handle is disposed.</summary>
    public static IDisposable ObserveStreams(string siloId, Func<int> count) => Register(_streams, (siloId, count));

    /// <summary>
    /// Reports <paramref name="latest"/> (the webhook outbox's backlog as this silo last read it, null before the first read) as
    /// <c>chatblock.webhooks.backlog</c> and <c>chatblock.webhooks.oldest_age</c> (tag <c>silo</c>) until the handle is disposed.
    /// </summary>
    public static IDisposable ObserveWebhookOutbox(string siloId, Func<OutboxBacklog?> latest) => Register(_outboxes, (siloId, latest));

    private static Registration Register<T>(ConcurrentDictionary<object, T> sources, T source)
    {
        var registration = new Registration(key => sources.TryRemove(key, out _));
        sources[registration] = source;
        return registration;
    }

    private static IEnumerable<Measurement<int>> MeasureActivations()
    {
        foreach (var (silo, count) in _activations.Values)
        {
            foreach (var (grainClass, activations) in count())
            {
                yield return new Measurement<int>(activations, new("grain_type", grainClass.Name), new("silo", silo));
            }
        }
    }

    private static IEnumerable<Measurement<int>> MeasureStreams() =>
        _streams.Values.Select(s => new Measurement<int>(s.Count(), new KeyValuePair<string, object?>("silo", s.Silo)));

    private static IEnumerable<Measurement<long>> MeasureOutboxRows()
    {
        foreach (var (silo, latest) in _outboxes.Values)
        {
            if (latest() is { } backlog)
            {
                yield return new Measurement<long>(backlog.Pending, new("state", "pending"), new("silo", silo));
                yield return new Measurement<long>(backlog.Dead, new("state", "dead"), new("silo", silo));
            }
        }
    }

    private static IEnumerable<Measurement<double>> MeasureOutboxAge() =>
        _outboxes.Values.Select(o => (o.Silo, Backlog: o.Latest()))
            .Where(o => o.Backlog is not null)
            .Select(o => new Measurement<double>(
                o.Backlog!.OldestAge(DateTimeOffset.UtcNow).TotalSeconds, new KeyValuePair<string, object?>("silo", o.Silo)));

    private sealed class Registration(Action<object> remove) : IDisposable
    {
        public void Dispose() => remove(this);
    }
}
