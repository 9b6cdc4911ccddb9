using ChatBlock.Silo.Runtime;
using ChatBlock.Tests.Infrastructure;
using ChatBlock.Tests.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatBlock.Tests.Telemetry;

/// <summary>
/// Issue 14, the webhook outbox's gauges: an event its receiver refuses stays pending, and <c>chatblock.webhooks.backlog</c>
/// (state pending) and <c>chatblock.webhooks.oldest_age</c> show it for the silo; once the receiver takes it, the backlog is 0.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class WebhookOutboxMetricsTests
{
    [Fact]
    public async Task APendingEventShowsInTheBacklogGaugesUntilItIsDelivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync(WebhookApp.ServerKey, failFirst: 3);
        using var app = await WebhookApp.CreateAsync(
            "Sqlite", receiver.Url,
            settings: new Dictionary<string, string?> { ["Webhooks:InitialBackoff"] = "00:00:00.300", ["Webhooks:MaxBackoff"] = "00:00:00.300" });
        var a = await WebhookApp.CreateUserAsync(app, $"a{Guid.NewGuid():N}");
        var b = await WebhookApp.CreateUserAsync(app, $"b{Guid.NewGuid():N}");
        using var recorder = new MeterRecorder();
        var silo = app.Services.GetRequiredService<IOptions<SiloOptions>>().Value.SiloId;

        await a.BlockOkAsync(b.Id);

        await WaitUntilAsync(() => recorder.Observe("chatblock.webhooks.backlog", ("state", "pending"), ("silo", silo)) == 1);
        await WaitUntilAsync(() => recorder.Observe("chatblock.webhooks.oldest_age", ("silo", silo)) > 0);
        await receiver.WaitForAsync(1);
        await WaitUntilAsync(() => recorder.Observe("chatblock.webhooks.backlog", ("state", "pending"), ("silo", silo)) == 0);
        Assert.Equal(0, recorder.Observe("chatblock.webhooks.backlog", ("state", "dead"), ("silo", silo)));
    }

    // Polls a condition the background reader makes true; the guard only stops a hung test.
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var guard = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < guard, "the gauge never showed the expected value");
            await Task.Delay(20);
        }
    }
}
