using ChatBlock.Api.Webhooks;
using ChatBlock.Grains.Telemetry;
using ChatBlock.Silo.Runtime;
using ChatBlock.Storage.Webhooks;
using Microsoft.Extensions.Options;

namespace ChatBlock.Api.Telemetry;

/// <summary>
/// Feeds <c>chatblock.webhooks.backlog</c> and <c>chatblock.webhooks.oldest_age</c> (issue 14): reads the outbox's backlog (one
/// query) every <see cref="WebhookOptions.PollInterval"/> and keeps the last reading for the gauges, which cannot wait on a query.
/// Without any app webhook it reads once. A failed read keeps the previous reading (the storage faults show in their own logs and in <c>/readyz</c>).
/// </summary>
internal sealed partial class WebhookOutboxMetrics(
    IWebhookOutbox outbox, WebhookApps apps, IOptions<WebhookOptions> webhooks, IOptions<SiloOptions> silo,
    ILogger<WebhookOutboxMetrics> logger)
    : BackgroundService
{
    private volatile OutboxBacklog? _latest;
    private IDisposable? _registration;

    /// <inheritdoc />
    /// <remarks>The gauges report from start to stop, also after the last reading when no app has a webhook.</remarks>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = ChatBlockMetrics.ObserveWebhookOutbox(silo.Value.SiloId, () => _latest);
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        _registration?.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(webhooks.Value.PollInterval);
        do
        {
            try
            {
                _latest = await outbox.GetBacklogAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogReadFailed(logger, ex);
            }
        }
        // No app has a webhook: nothing can be added to the outbox, so the first reading stays true.
        while (!apps.IsEmpty && await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not read the webhook outbox's backlog for the gauges")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);
}
