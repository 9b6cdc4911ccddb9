using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChatBlock.Tests.Webhooks;

/// <summary>
/// An app's webhook endpoint for tests: a real Kestrel server on 127.0.0.1 that verifies <c>X-ChatBlock-Signature</c> against the
/// server key as an app would (HMAC-SHA256 of the raw body, constant-time compare), answers 401 to a bad signature and 500 to
/// the first <c>failFirst</c> good ones, and records the rest in arrival order.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly byte[] _serverKey;
    private readonly Lock _gate = new();
    private readonly List<ReceivedWebhook> _received = [];
    private readonly List<string> _failed = [];
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
    private int _failuresLeft;

    private WebhookReceiver(string serverKey, int port, int failFirst)
    {
        _serverKey = Encoding.UTF8.GetBytes(serverKey);
        _failuresLeft = failFirst;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        _app = builder.Build();
        _app.MapPost("/hooks", ReceiveAsync);
    }

    /// <summary>Where the receiver listens, e.g. <c>http://127.0.0.1:41234/hooks</c>.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>How many POSTs had a wrong or missing signature.</summary>
    public int BadSignatures { get; private set; }

    /// <summary>The <c>X-ChatBlock-Delivery</c> of each POST answered 500 on purpose, in arrival order.</summary>
    public IReadOnlyList<string> FailedDeliveryIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _failed];
            }
        }
    }

    /// <summary>The accepted deliveries so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Starts a receiver on <paramref name="port"/> (0: any free port) failing the first <paramref name="failFirst"/>.</summary>
    public static async Task<WebhookReceiver> StartAsync(string serverKey, int port = 0, int failFirst = 0)
    {
        var receiver = new WebhookReceiver(serverKey, port, failFirst);
        await receiver._app.StartAsync();
        var address = new Uri(receiver._app.Urls.First());
        receiver.Url = new Uri($"http://127.0.0.1:{address.Port}/hooks");
        return receiver;
    }

    /// <summary>A port nothing listens on right now (taken from the system and released), for a receiver that is down.</summary>
    public static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        var port = ((IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return port;
    }

    /// <summary>Waits until <paramref name="count"/> deliveries were accepted; fails after 30 s (a guard, not a timing check).</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(int count)
    {
        TaskCompletionSource done;
        lock (_gate)
        {
            if (_received.Count >= count)
            {
                return [.. _received];
            }

            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, done));
        }

        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return Received;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(_serverKey, body));
        var given = request.Headers["X-ChatBlock-Signature"].ToString();
        lock (_gate)
        {
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given)))
            {
                BadSignatures++;
                return Results.Unauthorized();
            }

            if (_failuresLeft > 0)
            {
                _failuresLeft--;
                _failed.Add(request.Headers["X-ChatBlock-Delivery"].ToString());
                return Results.StatusCode(500);
            }

            _received.Add(new ReceivedWebhook(
                Encoding.UTF8.GetString(body), request.Headers["X-ChatBlock-Delivery"].ToString(), request.ContentType));
            foreach (var waiter in _waiters.Where(w => _received.Count >= w.Count).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.SetResult();
            }
        }

        return Results.Ok();
    }
}
