using System.Globalization;
using System.Reflection;
using System.Text.Json;
using ChatBlock.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ChatBlock.Api.Events;

/// <summary>
/// The <c>text/event-stream</c> answer of <c>GET /api/v1/events</c> for one user: after an opening comment, the messages missed
/// since <c>Last-Event-ID</c> (or <c>resync</c>), then <c>ready</c>, then live events and a keep-alive comment every
/// <see cref="EventsOptions.KeepAliveInterval"/>, until the client leaves, the token expires, the host stops or the stream falls
/// too far behind.
/// </summary>
/// <param name="userId">The signed-in user.</param>
/// <param name="lastEventId">The <c>Last-Event-ID</c> to resume from, or null for a fresh stream.</param>
public sealed class EventStreamResult(Guid userId, string? lastEventId)
    : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IContentTypeHttpResult
{
    /// <summary>The media type of the stream.</summary>
    public const string MediaType = "text/event-stream";

    /// <inheritdoc />
    public int? StatusCode => StatusCodes.Status200OK;

    /// <inheritdoc />
    public string ContentType => MediaType;

    /// <inheritdoc />
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), [MediaType]));

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var services = httpContext.RequestServices;
        var options = services.GetRequiredService<IOptions<EventsOptions>>().Value;
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var time = services.GetRequiredService<TimeProvider>();
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = MediaType;
        response.Headers.CacheControl = "no-cache, no-store";
        // Tells nginx-style proxies not to buffer the stream.
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // Subscribe before reading storage, so that nothing falls between the replay and the live events.
        using var subscriber = services.GetRequiredService<EventHub>().Subscribe(userId);
        var now = EventCursor.At(StoreClock.Now(time), Guid.Empty);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(
            httpContext.RequestAborted, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping, subscriber.Dropped);
        if (TokenExpiry(httpContext) is { } expires)
        {
            // The stream ends with the token; the client reconnects with a fresh one.
            stop.CancelAfter(expires - time.GetUtcNow() is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }

        var writer = new SseWriter(response);
        try
        {
            await writer.WriteOpeningAsync(options.RetryInterval, stop.Token);
            // Headers out now, so that the browser's EventSource opens before a long replay.
            await writer.FlushAsync(stop.Token);
            var replayed = await ResumeAsync(writer, services.GetRequiredService<EventReplayer>(), json, stop.Token);
            await writer.WriteAsync(
                EventTypes.Ready, JsonSerializer.Serialize(new ReadyEvent(lastEventId is not null), json), now, stop.Token);
            await writer.FlushAsync(stop.Token);
            await PumpAsync(subscriber, writer, replayed, options.KeepAliveInterval, time, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            if (subscriber.Dropped.IsCancellationRequested)
            {
                // Too slow: do not wait for it to drain; it resumes with Last-Event-ID.
                httpContext.Abort();
            }
        }
        catch (IOException) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client left while a write was under way.
        }
    }

    private async Task<HashSet<Guid>> ResumeAsync(
        SseWriter writer, EventReplayer replayer, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        var replayed = new HashSet<Guid>();
        if (lastEventId is null)
        {
            return replayed;
        }

        if (!EventCursor.TryParse(lastEventId, out var since))
        {
            await writer.WriteAsync(MessageEvents.Resync("unknown_position", json), cancellationToken);
            return replayed;
        }

        var result = await replayer.ReplayAsync(userId, since, cancellationToken);
        if (!result.Complete)
        {
            await writer.WriteAsync(MessageEvents.Resync("too_many", json), cancellationToken);
            return replayed;
        }

        foreach (var missed in result.Events)
        {
            replayed.Add(missed.Cursor!.Value.MessageId);
            await writer.WriteAsync(missed, cancellationToken);
        }

        return replayed;
    }

    private static async Task PumpAsync(
        EventSubscriber subscriber,
        SseWriter writer,
        HashSet<Guid> replayed,
        TimeSpan keepAlive,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(keepAlive, time);
        var tick = timer.WaitForNextTickAsync(cancellationToken).AsTask();
        var read = subscriber.Reader.WaitToReadAsync(cancellationToken).AsTask();
        while (true)
        {
            if (await Task.WhenAny(read, tick) == tick)
            {
                await tick;
                await writer.WriteCommentAsync("keep-alive", cancellationToken);
                await writer.FlushAsync(cancellationToken);
                tick = timer.WaitForNextTickAsync(cancellationToken).AsTask();
                continue;
            }

            if (!await read)
            {
                // Completed: the silo lost notifications; the client resumes from storage.
                return;
            }

            while (subscriber.Reader.TryRead(out var liveEvent))
            {
                // Already sent by the replay (it was stored while the replay read storage).
                if (liveEvent.Cursor is { } cursor && replayed.Count > 0 && replayed.Remove(cursor.MessageId))
                {
                    continue;
                }

                await writer.WriteAsync(liveEvent, cancellationToken);
            }

            await writer.FlushAsync(cancellationToken);
            read = subscriber.Reader.WaitToReadAsync(cancellationToken).AsTask();
        }
    }

    private static DateTimeOffset? TokenExpiry(HttpContext httpContext) =>
        long.TryParse(httpContext.User.FindFirst("exp")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
