using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Apps;

/// <summary>
/// Live events stay within an app (SPEC section 8): a user of another app with the same external id, whose stream is open, gets
/// none of the events of the first app's user. "Nothing arrived" is shown with a later marker event on the same stream.
/// </summary>
public sealed class AppEventTests
{
    [Fact]
    public async Task EventsOfOneAppNeverReachTheSameExternalIdInAnother()
    {
        using var app = new ChatApp("Sqlite", TestApps.Settings(), realServer: true);
        var (x, y) = ("x", "y");
        var (sampleX, sampleY) = (await app.CreateUserAsync(TestApps.Sample, x), await app.CreateUserAsync(TestApps.Sample, y));
        var (otherX, otherY) = (await app.CreateUserAsync(TestApps.Other, x), await app.CreateUserAsync(TestApps.Other, y));
        var ours = (await sampleY.Bearer.OpenDirectAsync(sampleX.Id)).Id;
        var theirs = (await otherY.Bearer.OpenDirectAsync(otherX.Id)).Id;
        await using var streamSample = await SseConnection.OpenReadyAsync(app, sampleX.Bearer);
        await using var streamOther = await SseConnection.OpenReadyAsync(app, otherX.Bearer);

        var sent = await sampleY.Bearer.SendOkAsync(ours, "to SampleApp's x");
        await sampleX.Im.PostAsync($"/blockStatus/my/{y}", null);
        var marker = await otherY.Bearer.SendOkAsync(theirs, "to OtherApp's x");

        Assert.Equal(sent.Id, (await streamSample.NextAsync()).Json.GetProperty("id").GetGuid());
        Assert.Equal("block.created", (await streamSample.NextAsync()).Type);
        var first = await streamOther.NextAsync();
        Assert.Equal(("message.created", marker.Id), (first.Type, first.Json.GetProperty("id").GetGuid()));
    }
}
