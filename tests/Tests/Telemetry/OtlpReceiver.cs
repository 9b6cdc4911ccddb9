using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBlock.Tests.Telemetry;

/// <summary>
/// A local OTLP/HTTP endpoint for tests: Kestrel on a free port of 127.0.0.1 that answers 200 to every <c>POST /v1/{signal}</c>
/// and keeps each request's path and body (protobuf, read as Latin-1 text so that names inside can be searched).
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<(string Path, string Body)> _requests = [];
    private readonly SemaphoreSlim _arrived = new(0);

    private OtlpReceiver(WebApplication app)
    {
        _app = app;
        app.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            lock (_requests)
            {
                _requests.Add((context.Request.Path.Value ?? "", Encoding.Latin1.GetString(body.ToArray())));
            }

            _arrived.Release();
            return Results.Ok();
        });
    }

    /// <summary>Where the receiver listens, e.g. <c>http://127.0.0.1:41234</c>: the value of <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public string Endpoint =>
        _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();

    /// <summary>Starts a receiver.</summary>
    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var receiver = new OtlpReceiver(builder.Build());
        await receiver._app.StartAsync();
        return receiver;
    }

    /// <summary>
    /// Waits for a request to <paramref name="path"/> whose body contains <paramref name="text"/>; the guard only fails a broken
    /// test.
    /// </summary>
    public async Task<string> RequestAsync(string path, string text)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            lock (_requests)
            {
                var found = _requests.FirstOrDefault(r => r.Path == path && r.Body.Contains(text, StringComparison.Ordinal));
                if (found.Body is not null)
                {
                    return found.Body;
                }
            }

            await _arrived.WaitAsync(guard.Token);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _arrived.Dispose();
    }
}
