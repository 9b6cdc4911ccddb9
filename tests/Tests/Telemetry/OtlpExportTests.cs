using ChatBlock.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatBlock.Tests.Telemetry;

/// <summary>
/// Issue 14, export: with the standard <c>OTEL_*</c> settings a silo sends its traces and metrics over OTLP/HTTP (protobuf) to a
/// local receiver; the spans of a real send and the send counter are in what arrives.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class OtlpExportTests
{
    /// <summary>A send's grain span reaches <c>/v1/traces</c> and the send counter <c>/v1/metrics</c>, under the service name.</summary>
    [Fact]
    public async Task ASendIsExportedOverOtlpHttp()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var app = new ChatApp(settings: new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "chatblock-otlp-test",
        });
        try
        {
            var a = await app.RegisterAsync();
            var b = await app.RegisterAsync();
            var conversation = await a.OpenDirectAsync(b.Id);
            await a.SendOkAsync(conversation.Id);
        }
        finally
        {
            // Disposing the host disposes the providers, which flush what they hold.
            await app.DisposeAsync();
        }

        var traces = await receiver.RequestAsync("/v1/traces", "IDirectConversationGrain/SendAsync");
        Assert.Contains("chatblock-otlp-test", traces, StringComparison.Ordinal);
        var metrics = await receiver.RequestAsync("/v1/metrics", "chatblock.sends");
        Assert.Contains("chatblock-otlp-test", metrics, StringComparison.Ordinal);
    }

    /// <summary>Without an endpoint nothing is exported: no exporter runs.</summary>
    [Fact]
    public async Task WithoutAnEndpointNothingIsExported()
    {
        using var app = new ChatApp();
        await app.RegisterAsync();

        Assert.DoesNotContain(
            app.Services.GetServices<IHostedService>(), s => s.GetType().Name == "OtlpExport");
    }
}
