using System.Net;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Events;

/// <summary>
/// A live stream does not outlive the revocation of its user's tokens (SPEC section 11): logout ends the user's open streams,
/// and the revoked token cannot get a ticket to come back.
/// </summary>
public sealed class RevokedStreamTests(LiveChatApp app) : IClassFixture<LiveChatApp>
{
    [Fact]
    public async Task LogoutEndsTheOpenStreamAndTheRevokedTokenGetsNoNewTicket()
    {
        var a = await app.RegisterAsync("a");
        await using var stream = await SseConnection.OpenReadyAsync(app, a);

        Assert.Equal(HttpStatusCode.NoContent, (await a.LogoutAsync()).StatusCode);

        await Assert.ThrowsAsync<EndOfStreamException>(() => stream.NextAsync());
        await HttpAssert.ProblemAsync(
            await a.Client.PostAsync("/api/v1/events/tickets", null), HttpStatusCode.Unauthorized, "auth.unauthorized");
    }

    [Fact]
    public async Task AnotherUsersLogoutLeavesTheStreamOpen()
    {
        var (a, b) = (await app.RegisterAsync("a"), await app.RegisterAsync("b"));
        var conversation = (await a.OpenDirectAsync(b.Id)).Id;
        await using var stream = await SseConnection.OpenReadyAsync(app, b);

        Assert.Equal(HttpStatusCode.NoContent, (await a.LogoutAsync()).StatusCode);
        var sent = await b.SendOkAsync(conversation, "still here");

        Assert.Equal(sent.Id, (await stream.NextAsync()).Json.GetProperty("id").GetGuid());
    }
}
