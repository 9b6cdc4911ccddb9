namespace ChatBlock.Tests.Infrastructure;

/// <summary>
/// A registered user and an <see cref="HttpClient"/> that sends their bearer token; the one test user type. Its calls are
/// the typed API client <see cref="ChatClient"/> (<c>await a.BlockOkAsync(b.Id)</c>).
/// </summary>
/// <param name="Id">The user's id.</param>
/// <param name="Username">The user's name as registered (lower case).</param>
/// <param name="Token">Their access token (a JWT).</param>
/// <param name="Client">A client of the app they registered on, signed in as them.</param>
public sealed record TestUser(Guid Id, string Username, string Token, HttpClient Client)
{
    /// <summary>The same user signed in on <paramref name="app"/> (another silo, or the same data folder after a restart).</summary>
    public TestUser On(ChatApp app) => this with { Client = app.CreateClient(this) };
}
