namespace ChatBlock.Tests.Events;

public sealed class KeepAliveTests(KeepAliveAppFactory app) : IClassFixture<KeepAliveAppFactory>
{
    [Fact]
    public async Task AnIdleStreamSendsKeepAliveComments()
    {
        var api = new ChatApi(app.CreateHttpClient());
        var a = await api.RegisterAsync("a");
        await using var stream = await SseConnection.OpenReadyAsync(api.Http, a);

        Assert.Equal(": keep-alive", await stream.NextCommentAsync());
        Assert.Equal(": keep-alive", await stream.NextCommentAsync());
    }
}
