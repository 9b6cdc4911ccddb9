using System.Net;
using ChatBlock.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatBlock.Tests.Telemetry;

/// <summary>
/// Issue 14, graceful drain: a stopping silo answers <c>/readyz</c> 503 at once, finishes the requests it accepted, and only
/// then stops; under load on three PostgreSQL silos, stopping one fails no request on the others and answers no accepted
/// request with a 5xx.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class DrainTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    /// <summary>While an accepted request is in flight the stopping silo says 503 on /readyz; the request is then answered.</summary>
    [Fact]
    public async Task AStoppingSiloIsNotReadyAndFinishesTheRequestItAccepted()
    {
        var held = new HeldRequests();
        using var app = new ChatApp(realServer: true, services: s => s.AddSingleton<IStartupFilter>(held));
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        var accepted = client.GetAsync(HeldRequests.Path);
        await held.Entered.WaitAsync(Guard);
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());

        var stopped = app.Services.GetRequiredService<IHost>().StopAsync();
        await stopping.Task.WaitAsync(Guard);
        using var probe = app.CreateClient();
        var ready = await probe.GetAsync("/readyz");
        held.Release();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await accepted.WaitAsync(Guard)).StatusCode);
        await stopped.WaitAsync(Guard);
    }

    /// <summary>A live stream on a stopping silo ends with a <c>retry</c> hint, so its browser reconnects to another silo.</summary>
    [Fact]
    public async Task AStoppingSiloEndsItsStreamsWithARetryHint()
    {
        using var app = new ChatApp(realServer: true);
        var user = await app.RegisterAsync();
        await using var stream = await SseConnection.OpenReadyAsync(app, user);

        var stopped = app.Services.GetRequiredService<IHost>().StopAsync();
        var rest = await stream.ReadToEndAsync();

        Assert.Matches(@"(^|\n)retry: \d+\n\n$", rest);
        await stopped.WaitAsync(Guard);
    }

    /// <summary>
    /// Three silos on one PostgreSQL database under send load on each; one stops mid-load. The other two answer every request
    /// 201 before, during and after; the stopping one answers what it accepted without a 5xx (later requests find it closed).
    /// </summary>
    [Fact]
    public async Task StoppingOneOfThreeSilosUnderLoadFailsNoRequest()
    {
        var storage = SiloStorage.Postgres(await SharedPostgres.CreateDatabaseAsync());
        ChatApp[] silos = [ChatApp.Silo("silo-1", storage), ChatApp.Silo("silo-2", storage), ChatApp.Silo("silo-3", storage)];
        try
        {
            var load = await SendLoad.StartAsync(silos, workersPerSilo: 3);
            await load.SucceededAsync(silo: 2, count: 5).WaitAsync(Guard);
            var before = load.Successes(0) + load.Successes(1);

            await silos[2].Services.GetRequiredService<IHost>().StopAsync().WaitAsync(Guard);
            await load.SucceededAsync(silo: 0, count: load.Successes(0) + 10).WaitAsync(Guard);
            await load.SucceededAsync(silo: 1, count: load.Successes(1) + 10).WaitAsync(Guard);
            var outcomes = await load.StopAsync().WaitAsync(Guard);

            Assert.True(load.Successes(0) + load.Successes(1) > before);
            Assert.All(outcomes.Where(o => o.Silo < 2), o => Assert.Equal("201", o.Outcome));
            Assert.DoesNotContain(outcomes, o => o.Silo == 2 && o.Outcome.StartsWith('5'));
            Assert.Contains(outcomes, o => o.Silo == 2 && o.Outcome == "201");
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }
}
