using ChatBlock.Grains.Telemetry;
using ChatBlock.Silo.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ChatBlock.Api.Telemetry;

/// <summary>
/// OTLP export of the silo's traces and metrics (issue 14), configured by the standard <c>OTEL_*</c> variables and off unless
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. The providers are built with the SDK's own builders when the host starts and
/// disposed (flushing what is buffered) when the host's services are disposed.
/// </summary>
/// <remarks>
/// Read from the app's configuration, where the environment's variables are: <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>,
/// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> (<c>grpc</c>, default, or <c>http/protobuf</c>), <c>OTEL_EXPORTER_OTLP_HEADERS</c>,
/// <c>OTEL_EXPORTER_OTLP_TIMEOUT</c>, <c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c>, <c>OTEL_METRIC_EXPORT_INTERVAL</c>,
/// <c>OTEL_BSP_SCHEDULE_DELAY</c>; <c>OTEL_SDK_DISABLED=true</c> turns export off, <c>OTEL_TRACES_EXPORTER=none</c> or
/// <c>OTEL_METRICS_EXPORTER=none</c> one signal. Traces: the <c>ChatBlock</c> source, ASP.NET Core's request spans and
/// Npgsql's commands. Metrics: the <c>ChatBlock</c> meter, ASP.NET Core hosting, routing and Kestrel, and Npgsql.
/// </remarks>
internal sealed class OtlpExport(IConfiguration configuration) : IHostedService, IDisposable
{
    /// <summary>The sources and meters besides the product's, by name.</summary>
    private static readonly string[] Sources = [ChatBlockTracing.SourceName, "Microsoft.AspNetCore", "Npgsql"];

    private static readonly string[] Meters =
    [
        ChatBlockMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Server.Kestrel", "Npgsql",
    ];

    private TracerProvider? _tracerProvider;
    private MeterProvider? _meterProvider;

    /// <summary>Whether <paramref name="configuration"/> asks for OTLP export at all.</summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
        && !string.Equals(configuration["OTEL_SDK_DISABLED"], "true", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Exports("OTEL_TRACES_EXPORTER"))
        {
            _tracerProvider = Sdk.CreateTracerProviderBuilder()
                .ConfigureServices(s => s.AddSingleton(configuration))
                .AddSource(Sources)
                .AddOtlpExporter()
                .Build();
        }

        if (Exports("OTEL_METRICS_EXPORTER"))
        {
            _meterProvider = Sdk.CreateMeterProviderBuilder()
                .ConfigureServices(s => s.AddSingleton(configuration))
                .AddMeter(Meters)
                .AddOtlpExporter()
                .Build();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Flushes and shuts down both providers.</summary>
    public void Dispose()
    {
        _tracerProvider?.Dispose();
        _meterProvider?.Dispose();
    }

    // A signal is exported unless its OTEL_*_EXPORTER variable says none (otlp is the only exporter here).
    private bool Exports(string exporterKey) => !string.Equals(configuration[exporterKey], "none", StringComparison.OrdinalIgnoreCase);
}
