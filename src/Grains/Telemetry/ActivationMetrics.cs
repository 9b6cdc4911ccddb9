using ChatBlock.Silo.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatBlock.Grains.Telemetry;

/// <summary>
/// Feeds <c>chatblock.activations</c> from this silo's catalog while the host runs (issue 14); the runtime itself only counts, so
/// <c>src/Silo</c> knows nothing of the product's meter.
/// </summary>
internal sealed class ActivationMetrics(IActivationControl activations, IOptions<SiloOptions> options) : IHostedService
{
    private IDisposable? _registration;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = ChatBlockMetrics.ObserveActivations(options.Value.SiloId, activations.CountActivationsByType);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _registration?.Dispose();
        return Task.CompletedTask;
    }
}
