using ChatBlock.Storage.Clustering;
using ChatBlock.Storage.Memory;

namespace ChatBlock.Tests.Infrastructure;

/// <summary>Two gateway silos, <c>silo-1</c> and <c>silo-2</c>, sharing one database and one notification channel.</summary>
public static class TwoSilos
{
    /// <summary>On one fresh in-memory database, hearing each other through one in-memory network.</summary>
    public static Task<(ChatApp, ChatApp)> MemoryAsync() =>
        Task.FromResult(Both(SiloStorage.Memory(new MemoryDatabase(), new InMemoryClusterNetwork())));

    /// <summary>On one fresh PostgreSQL database of <see cref="SharedPostgres"/>, hearing each other through LISTEN/NOTIFY.</summary>
    public static async Task<(ChatApp, ChatApp)> PostgresAsync() =>
        Both(SiloStorage.Postgres(await SharedPostgres.CreateDatabaseAsync()));

    private static (ChatApp, ChatApp) Both(SiloStorage storage) => (ChatApp.Silo("silo-1", storage), ChatApp.Silo("silo-2", storage));
}
