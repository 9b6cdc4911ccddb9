using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Events;

public sealed class KeepAliveTests(KeepAliveLiveChatApp app) : IClassFixture<KeepAliveLiveChatApp>
{
    [Fact]
    public async Task AnIdleStreamSendsKeepAliveComments()
    {
        var a = await app.RegisterAsync("a");
        await using var stream = await SseConnection.OpenReadyAsync(app, a);

        Assert.Equal(": keep-alive", await stream.NextCommentAsync());
        Assert.Equal(": keep-alive", await stream.NextCommentAsync());
    }
}
