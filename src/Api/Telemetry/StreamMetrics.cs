using ChatBlock.Api.Events;
using ChatBlock.Grains.Telemetry;
using ChatBlock.Silo.Runtime;
using Microsoft.Extensions.Options;

namespace ChatBlock.Api.Telemetry;

/// <summary>Feeds <c>chatblock.streams.open</c> from this silo's <see cref="EventDispatcher"/> while the host runs (issue 14).</summary>
internal sealed class StreamMetrics(EventDispatcher dispatcher, IOptions<SiloOptions> options) : IHostedService
{
    private IDisposable? _registration;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = ChatBlockMetrics.ObserveStreams(options.Value.SiloId, () => dispatcher.Count);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _registration?.Dispose();
        return Task.CompletedTask;
    }
}
