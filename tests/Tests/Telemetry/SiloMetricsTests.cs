using ChatBlock.Grains;
using ChatBlock.Silo.Runtime;
using ChatBlock.Storage.Clustering;
using ChatBlock.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatBlock.Tests.Telemetry;

/// <summary>
/// Issue 14, metrics of a silo: activations by grain type and open live streams (gauges read from the silo), and the lag of a
/// block's invalidation from one PostgreSQL silo to another (the send time travels in the NOTIFY payload).
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class SiloMetricsTests
{
    /// <summary>A send activates both users and their conversation: the gauge shows them by grain class, for this silo.</summary>
    [Fact]
    public async Task ActivationsAreReportedByGrainTypeForTheSilo()
    {
        using var app = new ChatApp();
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var conversation = await a.OpenDirectAsync(b.Id);
        using var recorder = new MeterRecorder();
        var silo = SiloId(app);
        var control = app.Services.GetRequiredService<IActivationControl>();

        await a.SendOkAsync(conversation.Id);

        Assert.True(recorder.Observe("chatblock.activations", ("grain_type", "UserGrain"), ("silo", silo)) >= 2);
        Assert.True(recorder.Observe("chatblock.activations", ("grain_type", "DirectConversationGrain"), ("silo", silo)) >= 1);
        Assert.Equal(control.ActivationCount, recorder.Observe("chatblock.activations", ("silo", silo)));

        await control.DeactivateAllAsync<IDirectConversationGrain>(DeactivationReason.ApplicationRequested);
        Assert.Equal(0, recorder.Observe("chatblock.activations", ("grain_type", "DirectConversationGrain"), ("silo", silo)));
    }

    /// <summary>An open event stream counts on its silo's gauge.</summary>
    [Fact]
    public async Task OpenStreamsAreReportedForTheSilo()
    {
        using var app = new ChatApp(realServer: true);
        var user = await app.RegisterAsync();
        using var recorder = new MeterRecorder();
        var silo = SiloId(app);
        Assert.Equal(0, recorder.Observe("chatblock.streams.open", ("silo", silo)));

        await using (await SseConnection.OpenReadyAsync(app, user))
        await using (await SseConnection.OpenReadyAsync(app, user))
        {
            Assert.Equal(2, recorder.Observe("chatblock.streams.open", ("silo", silo)));
        }
    }

    /// <summary>A block on one PostgreSQL silo is applied on the other: the lag from its NOTIFY is recorded there, topic blocks.</summary>
    [Fact]
    public async Task TheInvalidationLagOfABlockIsRecordedOnTheOtherSilo()
    {
        var (silo1, silo2) = await TwoSilos.PostgresAsync();
        await using var first = silo1;
        await using var second = silo2;
        var a = await silo1.RegisterAsync();
        var b = await silo1.RegisterAsync();
        using var started = silo2.CreateClient();
        using var recorder = new MeterRecorder();
        var lag = recorder.NextAsync("chatblock.invalidation.lag", tags => Equals(tags.GetValueOrDefault("topic"), ClusterTopics.Blocks));

        await a.BlockOkAsync(b.Id);

        Assert.True(await lag >= 0);
    }

    private static string SiloId(ChatApp app) => app.Services.GetRequiredService<IOptions<SiloOptions>>().Value.SiloId;
}
