using ChatBlock.Storage;
using ChatBlock.Storage.Postgres;
using ChatBlock.Storage.Sqlite;
using ChatBlock.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBlock.Tests.Api;

/// <summary>Each provider-parameterised API suite really runs on the store it is named after.</summary>
[Collection(SqliteCollection.Name)]
public sealed class SqliteProviderWiringTests(SqliteChatApp app)
{
    [Fact]
    public async Task TheSqliteSuiteRunsOnTheSqliteFile()
    {
        await app.RegisterAsync();

        Assert.IsType<SqliteChatStore>(app.Services.GetRequiredService<IChatStore>());
        Assert.True(File.Exists(Path.Combine(app.DataPath, "chat.db")));
    }
}

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresProviderWiringTests(PostgresChatApp app)
{
    [Fact]
    public async Task ThePostgresSuiteRunsOnPostgres()
    {
        var user = await app.RegisterAsync();

        var store = Assert.IsType<PostgresChatStore>(app.Services.GetRequiredService<IChatStore>());
        Assert.Equal(user.Username, (await store.GetUserAsync(user.Id))?.Username);
        Assert.False(File.Exists(Path.Combine(app.DataPath, "chat.db")));
    }
}
