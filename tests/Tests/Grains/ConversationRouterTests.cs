using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using ChatBlock.Grains;
using ChatBlock.Grains.Accounts;
using ChatBlock.Grains.Conversations;
using ChatBlock.Storage;
using ChatBlock.Storage.Clustering;
using ChatBlock.Storage.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatBlock.Tests.Grains;

/// <summary>The router and the conversation grain share one read of the conversation record.</summary>
public sealed class ConversationRouterTests
{
    [Fact]
    public async Task AColdSendReadsTheConversationFromStorageOnce()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Provider"] = "Memory" });
        var database = new MemoryDatabase();
        var store = DispatchProxy.Create<IChatStore, CountingStore>();
        builder.Services.AddSingleton(sp =>
        {
            ((CountingStore)(object)store).Inner = new MemoryChatStore(database, sp.GetRequiredService<IClusterChannel>());
            return store;
        });
        builder.Services.AddChatSilo(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();
        var accounts = host.Services.GetRequiredService<UserAccounts>();
        var a = (await accounts.RegisterAsync($"r{Guid.NewGuid():N}"[..20], "password123", null, null))!.Id;
        var b = (await accounts.RegisterAsync($"r{Guid.NewGuid():N}"[..20], "password123", null, null))!.Id;
        var router = host.Services.GetRequiredService<ConversationRouter>();
        var (conversation, _) = await router.OpenDirectAsync(a, b);

        var grain = await router.GetGrainAsync(conversation.Id);
        var sent = await grain!.SendAsync(a, "hello", "text");

        Assert.Equal(SendOutcome.Sent, sent.Outcome);
        Assert.Equal(1, ((CountingStore)(object)store).Calls.GetValueOrDefault(nameof(IChatStore.GetConversationAsync)));
        await host.StopAsync();
    }

    /// <summary>Forwards every call to <see cref="Inner"/> and counts them by method name.</summary>
    public class CountingStore : DispatchProxy
    {
        public IChatStore Inner { get; set; } = null!;

        public ConcurrentDictionary<string, int> Calls { get; } = new();

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            Calls.AddOrUpdate(targetMethod!.Name, 1, (_, n) => n + 1);
            try
            {
                return targetMethod.Invoke(Inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(ex.InnerException);
                throw;
            }
        }
    }
}
