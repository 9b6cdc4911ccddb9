using System.Collections.Concurrent;
using System.Net.Http.Headers;
using ChatBlock.Grains.Apps;
using ChatBlock.Storage.Webhooks;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ChatBlock.Api.Webhooks;

/// <summary>
/// Delivers the webhook outbox (SPEC section 8), one sender per silo: claims the oldest due row of each blocker
/// (<see cref="IWebhookOutbox.ClaimAsync"/>, leased, so with several silos one row is sent by one silo at a time), POSTs it signed
/// to its app's <see cref="RegisteredApp.WebhookUrl"/> and deletes it on a 2xx answer. A failed try (other status, network error,
/// no answer within <see cref="WebhookOptions.AttemptTimeout"/>) is retried by a Polly retry strategy with jittered exponential
/// backoff (<see cref="WebhookOptions.InitialBackoff"/> doubling up to <see cref="WebhookOptions.MaxBackoff"/>); each retry first
/// stores its time in the row, so a restarted silo (or another one, after the lease) goes on from there. After
/// <see cref="WebhookOptions.RetryFor"/> the row is marked dead and an error logged.
/// </summary>
/// <remarks>
/// At least once: a receiver may see an event again (a silo stopped between its 2xx and the delete); the <c>X-ChatBlock-Delivery</c>
/// header and the body's <c>id</c> are the same on every try. In order per blocker: a blocker's next row is not handed out before
/// the earlier one is delivered or dead. A restart starts the backoff again from <see cref="WebhookOptions.InitialBackoff"/> (at
/// the stored time). The server key signs bodies inside <see cref="RegisteredApp"/> and is never logged; nor are bodies.
/// </remarks>
public sealed partial class WebhookSender(
    IWebhookOutbox outbox,
    AppRegistry apps,
    WebhookApps webhookApps,
    IHttpClientFactory httpClients,
    IOptions<WebhookOptions> options,
    TimeProvider timeProvider,
    ILogger<WebhookSender> logger) : BackgroundService
{
    /// <summary>The name of the <see cref="HttpClient"/> the sender asks <see cref="IHttpClientFactory"/> for.</summary>
    public const string HttpClientName = "ChatBlock.Webhooks";

    private readonly WebhookOptions _options = options.Value;
    private readonly ConcurrentDictionary<long, Task> _inFlight = new();
    private readonly SemaphoreSlim _wake = new(0);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting (the schema is migrated by an earlier hosted service).
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ClaimAndStartAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogClaimFailed(logger, ex);
            }

            // No app has a webhook: one pass marks rows left from an earlier configuration dead, then nothing more to do.
            if (webhookApps.IsEmpty && _inFlight.IsEmpty)
            {
                break;
            }

            try
            {
                await _wake.WaitAsync(_options.PollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll(_inFlight.Values.ToArray()).ConfigureAwait(false);
    }

    private async Task ClaimAndStartAsync(CancellationToken stoppingToken)
    {
        var free = _options.MaxInFlight - _inFlight.Count;
        if (free <= 0)
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        var claimed = await outbox.ClaimAsync(now, now + _options.AttemptTimeout + _options.Lease, free, stoppingToken)
            .ConfigureAwait(false);
        foreach (var outboxEvent in claimed)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_inFlight.TryAdd(outboxEvent.Sequence, done.Task))
            {
                continue;
            }

            _ = Task.Run(
                async () =>
                {
                    try
                    {
                        await DeliverAsync(outboxEvent, stoppingToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        _inFlight.TryRemove(outboxEvent.Sequence, out _);
                        done.SetResult();
                        if (_wake.CurrentCount == 0)
                        {
                            _wake.Release();
                        }
                    }
                },
                CancellationToken.None);
        }
    }

    // Never throws: every ending is recorded in the row (deleted, dead, or lease released) or left to the lease.
    private async Task DeliverAsync(OutboxEvent outboxEvent, CancellationToken stoppingToken)
    {
        try
        {
            if (!apps.TryGet(outboxEvent.AppId, out var app) || app.WebhookUrl is null)
            {
                await outbox.MarkDeadAsync(outboxEvent.Sequence, timeProvider.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
                LogNoWebhook(logger, outboxEvent.EventId, outboxEvent.Type, outboxEvent.AppId);
                return;
            }

            var body = WebhookPayload.Serialize(outboxEvent);
            var signature = app.SignWebhook(body);
            var attempts = outboxEvent.Attempts;
            var pipeline = CreatePipeline(outboxEvent, () => ++attempts, stoppingToken);
            var delivered = await pipeline.ExecuteAsync(
                async token => await SendAsync(app.WebhookUrl, outboxEvent, body, signature, token).ConfigureAwait(false),
                stoppingToken).ConfigureAwait(false);
            if (delivered)
            {
                await outbox.CompleteAsync(outboxEvent.Sequence, CancellationToken.None).ConfigureAwait(false);
                LogDelivered(logger, outboxEvent.EventId, outboxEvent.Type, outboxEvent.AppId, attempts + 1);
                return;
            }

            await GiveUpAsync(outboxEvent, attempts + 1, null).ConfigureAwait(false);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            await ReleaseAsync(outboxEvent).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException)
        {
            await GiveUpAsync(outboxEvent, outboxEvent.Attempts + 1, ex).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The outbox itself failed (database down): the lease runs out and a later claim tries again.
            LogOutboxFailed(logger, ex, outboxEvent.EventId);
        }
    }

    private ResiliencePipeline<bool> CreatePipeline(OutboxEvent outboxEvent, Func<int> countFailure, CancellationToken stoppingToken) =>
        new ResiliencePipelineBuilder<bool> { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions<bool>
            {
                ShouldHandle = args => ValueTask.FromResult(
                    !stoppingToken.IsCancellationRequested
                    && timeProvider.GetUtcNow() - outboxEvent.CreatedAt < _options.RetryFor
                    && args.Outcome switch
                    {
                        { Exception: HttpRequestException or TimeoutRejectedException } => true,
                        { Exception: null, Result: false } => true,
                        _ => false,
                    }),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.InitialBackoff,
                MaxDelay = _options.MaxBackoff,
                MaxRetryAttempts = int.MaxValue,
                OnRetry = async args =>
                {
                    var attempts = countFailure();
                    var next = timeProvider.GetUtcNow() + args.RetryDelay;
                    await outbox.RescheduleAsync(
                        outboxEvent.Sequence, attempts, next, next + _options.AttemptTimeout + _options.Lease, CancellationToken.None)
                        .ConfigureAwait(false);
                    LogRetrying(
                        logger, outboxEvent.EventId, outboxEvent.Type, outboxEvent.AppId, attempts, Describe(args.Outcome),
                        args.RetryDelay);
                },
            })
            .AddTimeout(_options.AttemptTimeout)
            .Build();

    private async Task<bool> SendAsync(Uri url, OutboxEvent outboxEvent, byte[] body, string signature, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookHeaders.Signature, signature);
        request.Headers.Add(WebhookHeaders.Delivery, outboxEvent.EventId.ToString());
        request.Headers.Add(WebhookHeaders.Event, outboxEvent.Type);
        var client = httpClients.CreateClient(HttpClientName);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }

    private async Task GiveUpAsync(OutboxEvent outboxEvent, int attempts, Exception? last)
    {
        try
        {
            await outbox.MarkDeadAsync(outboxEvent.Sequence, timeProvider.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            LogDead(logger, last, outboxEvent.EventId, outboxEvent.Type, outboxEvent.AppId, attempts, _options.RetryFor);
        }
        catch (Exception ex)
        {
            LogOutboxFailed(logger, ex, outboxEvent.EventId);
        }
    }

    private async Task ReleaseAsync(OutboxEvent outboxEvent)
    {
        try
        {
            await outbox.ReleaseAsync(outboxEvent.Sequence, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogOutboxFailed(logger, ex, outboxEvent.EventId);
        }
    }

    private static string Describe(Outcome<bool> outcome) =>
        outcome.Exception is { } ex ? ex.GetType().Name : outcome.Result ? "delivered" : "a non-2xx answer";

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook {EventId} ({EventType}) delivered to app {AppId} on try {Attempt}")]
    private static partial void LogDelivered(ILogger logger, Guid eventId, string eventType, string appId, int attempt);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Webhook {EventId} ({EventType}) to app {AppId} failed on try {Attempt} ({Failure}); retrying in {Delay}")]
    private static partial void LogRetrying(
        ILogger logger, Guid eventId, string eventType, string appId, int attempt, string failure, TimeSpan delay);

    [LoggerMessage(
        Level = LogLevel.Error,
        Message = "Webhook {EventId} ({EventType}) to app {AppId} given up after {Attempts} tries over {RetryFor}; its row is marked dead")]
    private static partial void LogDead(
        ILogger logger, Exception? exception, Guid eventId, string eventType, string appId, int attempts, TimeSpan retryFor);

    [LoggerMessage(
        Level = LogLevel.Error,
        Message = "Webhook {EventId} ({EventType}) of app {AppId} marked dead: the app is not configured with a WebhookUrl any more")]
    private static partial void LogNoWebhook(ILogger logger, Guid eventId, string eventType, string appId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The webhook outbox could not be read; trying again at the next poll")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The webhook outbox row of {EventId} could not be updated; its lease will run out")]
    private static partial void LogOutboxFailed(ILogger logger, Exception exception, Guid eventId);
}
