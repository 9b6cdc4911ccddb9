using System.Diagnostics;
using ChatBlock.Silo.Telemetry;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Telemetry;

/// <summary>
/// Issue 14, traces: one real HTTP send seen through an <see cref="ActivityListener"/> is one tree: ASP.NET Core's request span,
/// the conversation grain's call under it, the user grains' calls and the store's round trip under that.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class SpanTreeTests
{
    /// <summary>The spans of one send share its trace and nest request, grain call, user grain calls and store round trip.</summary>
    [Theory]
    [InlineData("Sqlite", "sqlite")]
    [InlineData("Postgres", "postgresql")]
    public async Task OneSendIsOneSpanTreeFromTheRequestToTheStore(string provider, string system)
    {
        var settings = new Dictionary<string, string?>();
        if (provider == "Postgres")
        {
            settings["ConnectionStrings:Postgres"] = await SharedPostgres.CreateDatabaseAsync();
        }

        using var app = new ChatApp(provider, settings, realServer: true);
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var conversation = await a.OpenDirectAsync(b.Id);
        var stopped = new List<Activity>();
        using var anyStopped = new SemaphoreSlim(0);
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is ChatBlockTracing.SourceName or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (stopped)
                {
                    stopped.Add(activity);
                }

                anyStopped.Release();
            },
        };
        ActivitySource.AddActivityListener(listener);

        var sent = await a.SendOkAsync(conversation.Id);

        // The request's span stops after the response is sent: wait for it (the guard only fails a broken test).
        Activity[] spans;
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            lock (stopped)
            {
                var call = stopped.Single(s => s.DisplayName == "IDirectConversationGrain/SendAsync");
                spans = stopped.Where(s => s.TraceId == call.TraceId).ToArray();
            }

            if (spans.Any(s => s.Source.Name == "Microsoft.AspNetCore"))
            {
                break;
            }

            await anyStopped.WaitAsync(guard.Token);
        }

        var root = Assert.Single(spans, s => s.Source.Name == "Microsoft.AspNetCore");
        var send = Assert.Single(spans, s => s.DisplayName == "IDirectConversationGrain/SendAsync");
        Assert.Equal(root.SpanId, send.ParentSpanId);
        var checks = spans.Where(s => s.DisplayName == "IUserGrain/IsBlockingAsync").ToList();
        Assert.NotEmpty(checks);
        Assert.All(checks, check => Assert.Equal(send.SpanId, check.ParentSpanId));
        var append = Assert.Single(spans, s => s.DisplayName == $"{system} AppendDirectMessageAsync");
        Assert.Equal(send.SpanId, append.ParentSpanId);
        Assert.Equal(system, append.GetTagItem("db.system.name"));
        Assert.Equal(conversation.Id.ToString(), send.GetTagItem("chatblock.grain.key"));
        Assert.NotEqual(Guid.Empty, sent.Id);
    }
}
