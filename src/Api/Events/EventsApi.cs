using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ChatBlock.Api.Infrastructure;
using ChatBlock.Grains.Conversations;
using ChatBlock.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ChatBlock.Api.Events;

/// <summary>
/// <c>GET /api/v1/events</c>: the signed-in user's live events as Server-Sent Events, written by ASP.NET Core's
/// <see cref="TypedResults.ServerSentEvents{T}(IAsyncEnumerable{SseItem{T}})"/>; and <c>POST /api/v1/events/tickets</c>. Browsers'
/// <c>EventSource</c> cannot send headers, so it opens the stream with a single-use ticket, <c>?ticket=</c>
/// (<see cref="EventTickets"/>); clients that can send headers may use the bearer header instead (SPEC section 11).
/// </summary>
/// <remarks>
/// The stream, in order: headers at once (so <c>EventSource</c> opens before a long replay); the messages stored since
/// <c>Last-Event-ID</c> (<see cref="IChatStore.GetMessagesSinceAsync"/>) or <c>resync</c>; <c>ready</c>; then live events from
/// this silo's <see cref="EventDispatcher"/>, and a keep-alive comment every <see cref="EventsOptions.KeepAliveInterval"/>, until
/// the client leaves, the token expires, the host stops, the channel lost notifications, the stream falls too far behind, or the
/// user opened more than <see cref="EventsOptions.MaxStreamsPerUser"/> streams on this silo (the oldest ends).
/// The first event carries <c>retry</c>; ids only move forward on one stream. <see cref="SseItem{T}"/> has no form for an SSE
/// comment, so the keep-alive line is the one thing written by hand, between two events.
/// </remarks>
public static class EventsApi
{
    /// <summary>The stream's route.</summary>
    public const string Path = "/api/v1/events";

    /// <summary>The <c>Retry-After</c> of a refusal by <see cref="EventsOptions.MaxStreamsPerSilo"/>, in seconds.</summary>
    public const int SiloFullRetryAfterSeconds = 30;

    private const string KeepAlive = ": keep-alive\n\n";

    /// <summary>Maps <c>GET /events</c> and <c>POST /events/tickets</c> under <paramref name="api"/> (<c>/api/v1</c>).</summary>
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/events").WithTags("Events");
        group.MapGet("/", Stream).RequireAuthorization(EventsSetup.StreamPolicy);
        // The bearer header alone (the default policy): a ticket cannot buy another, and a revoked token buys none.
        group.MapPost("/tickets", CreateTicket).RequireAuthorization();
        return api;
    }

    /// <summary>
    /// A stream ticket for the caller: 201 <c>{ticket, expiresAt}</c>, single use, valid <see cref="EventsOptions.TicketLifetime"/>
    /// (60 s), accepted by every silo. Ask for a new one for every (re)connection.
    /// </summary>
    public static Created<EventTicketResponse> CreateTicket(HttpContext httpContext, EventTickets tickets)
    {
        httpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created((string?)null, tickets.Issue(httpContext.User));
    }

    /// <summary>
    /// Streams <c>message.created</c> (every conversation of the caller), <c>block.created</c>, <c>block.deleted</c> and
    /// <c>block.expired</c> (the caller's own blocks), <c>ready</c> and <c>resync</c>. With <c>Last-Event-ID</c> (or <paramref name="lastEventId"/> for a
    /// client that had to create a new <c>EventSource</c>) the messages stored since then come first; duplicates are possible
    /// within <see cref="EventsOptions.ReplayOverlap"/>, so clients drop messages whose id they already have.
    /// </summary>
    /// <returns>
    /// The stream; or <c>503 events.unavailable</c> with <c>Retry-After</c> when this silo already holds
    /// <see cref="EventsOptions.MaxStreamsPerSilo"/> streams.
    /// </returns>
    public static Results<ServerSentEventsResult<string>, ProblemHttpResult> Stream(
        CurrentUser me,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventIdHeader,
        [FromQuery] string? lastEventId,
        EventDispatcher dispatcher,
        HttpContext httpContext)
    {
        // Subscribe before reading storage, so that nothing falls between the replay and the live events.
        if (dispatcher.Subscribe(me.Id) is not { } stream)
        {
            httpContext.Response.Headers.RetryAfter = SiloFullRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return ApiProblems.EventStreamsUnavailable(SiloFullRetryAfterSeconds);
        }

        // Also if the response never runs; disposing twice is harmless.
        httpContext.Response.RegisterForDispose(stream);
        // Tells nginx-style proxies not to buffer the stream.
        httpContext.Response.Headers["X-Accel-Buffering"] = "no";
        var resumeFrom = string.IsNullOrEmpty(lastEventIdHeader) ? NullIfEmpty(lastEventId) : lastEventIdHeader;
        return TypedResults.ServerSentEvents(ReadAsync(httpContext, stream, me.Id, resumeFrom, httpContext.RequestAborted));
    }

    private static async IAsyncEnumerable<SseItem<string>> ReadAsync(
        HttpContext httpContext, EventStream stream, Guid userId, string? lastEventId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var subscribed = stream;
        var services = httpContext.RequestServices;
        var options = services.GetRequiredService<IOptions<EventsOptions>>().Value;
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var time = services.GetRequiredService<TimeProvider>();
        var now = EventCursor.At(StoreClock.Now(time), Guid.Empty);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(
            cancellationToken, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping, stream.Dropped);
        if (TokenExpiry(httpContext) is { } expires)
        {
            // The stream ends with the token; the client reconnects with a fresh one.
            stop.CancelAfter(expires - time.GetUtcNow() is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }

        var ids = new StreamIds(options.RetryInterval);
        if (!await CompletesAsync(httpContext.Response.Body.FlushAsync(stop.Token)))
        {
            yield break;
        }

        var replay = await ReplayAsync(services.GetRequiredService<IChatStore>(), userId, lastEventId, options, json, stop.Token);
        if (replay is null)
        {
            yield break;
        }

        var replayed = new HashSet<Guid>();
        foreach (var missed in replay)
        {
            if (missed.Cursor is { } position)
            {
                replayed.Add(position.MessageId);
            }

            yield return ids.Item(missed);
        }

        yield return ids.Item(new LiveEvent(
            EventTypes.Ready, JsonSerializer.Serialize(new ReadyEvent(lastEventId is not null), json), now));

        using var timer = new PeriodicTimer(options.KeepAliveInterval, time);
        var tick = timer.WaitForNextTickAsync(stop.Token).AsTask();
        var read = stream.Reader.WaitToReadAsync(stop.Token).AsTask();
        while (true)
        {
            if (await Task.WhenAny(read, tick) == tick)
            {
                if (!tick.IsCompletedSuccessfully
                    || !await CompletesAsync(httpContext.Response.WriteAsync(KeepAlive, stop.Token)))
                {
                    break;
                }

                tick = timer.WaitForNextTickAsync(stop.Token).AsTask();
                continue;
            }

            // Cancelled, or completed: the silo lost notifications, and the client resumes from storage.
            if (!read.IsCompletedSuccessfully || !read.Result)
            {
                break;
            }

            while (stream.Reader.TryRead(out var liveEvent))
            {
                // Already sent by the replay (it was stored while the replay read storage).
                if (liveEvent.Cursor is { } cursor && replayed.Count > 0 && replayed.Remove(cursor.MessageId))
                {
                    continue;
                }

                yield return ids.Item(liveEvent);
            }

            read = stream.Reader.WaitToReadAsync(stop.Token).AsTask();
        }

        if (stream.Dropped.IsCancellationRequested)
        {
            // Too slow: do not wait for it to drain; it resumes with Last-Event-ID.
            httpContext.Abort();
        }
        else if (services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested)
        {
            // This silo is draining (issue 14): a last retry hint, spread so that its browsers do not all reconnect at once; the
            // balancer sends them to another silo, where they resume with Last-Event-ID.
            var retry = (long)(options.RetryInterval.TotalMilliseconds * (1 + Random.Shared.NextDouble()));
            await CompletesAsync(httpContext.Response.WriteAsync(
                string.Create(CultureInfo.InvariantCulture, $"retry: {retry}\n\n"), cancellationToken));
        }
    }

    // The missed messages since lastEventId, oldest first, or one resync event; nothing for a fresh stream; null when the stream
    // ended meanwhile. Only message.created is replayed: block events are not stored as events, and a client refreshes its block
    // state on every ready.
    private static async Task<IReadOnlyList<LiveEvent>?> ReplayAsync(
        IChatStore store, Guid userId, string? lastEventId, EventsOptions options, JsonSerializerOptions json,
        CancellationToken cancellationToken)
    {
        if (lastEventId is null)
        {
            return [];
        }

        if (!EventCursor.TryParse(lastEventId, out var since))
        {
            return [LiveEvent.Of(EventTypes.Resync, new ResyncEvent("unknown_position"), json)];
        }

        IReadOnlyList<MessageRecord> missed;
        try
        {
            missed = await store.GetMessagesSinceAsync(
                userId, since.Time - options.ReplayOverlap, Guid.Empty, options.ReplayLimit + 1, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        return missed.Count > options.ReplayLimit
            ? [LiveEvent.Of(EventTypes.Resync, new ResyncEvent("too_many"), json)]
            : missed.Where(m => m.Id != since.MessageId).Select(m => LiveEvent.MessageCreated(m.ToMessage(), json)).ToList();
    }

    private static async Task<bool> CompletesAsync(Task write)
    {
        try
        {
            await write;
            return true;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The stream is ending (client gone, token expired, host stopping, too slow).
            return false;
        }
    }

    private static DateTimeOffset? TokenExpiry(HttpContext httpContext) =>
        long.TryParse(httpContext.User.FindFirst("exp")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    // Ids only move forward on one stream: each is the later of the event's own position and the last one sent. The first event
    // carries the reconnection delay.
    private sealed class StreamIds(TimeSpan retry)
    {
        private long _lastMicros;
        private bool _retrySent;

        public SseItem<string> Item(LiveEvent liveEvent)
        {
            string? id = null;
            if (liveEvent.Cursor is { } position)
            {
                _lastMicros = Math.Max(_lastMicros, position.UnixMicros);
                id = new EventCursor(_lastMicros, position.MessageId).Encode();
            }

            TimeSpan? reconnect = _retrySent ? null : retry;
            _retrySent = true;
            return new SseItem<string>(liveEvent.Data, liveEvent.Type) { EventId = id, ReconnectionInterval = reconnect };
        }
    }
}
