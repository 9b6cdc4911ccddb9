using System.Net;
using ChatBlock.Grains;
using ChatBlock.Silo.Runtime;
using ChatBlock.Storage.Clustering;
using ChatBlock.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBlock.Tests.Api;

/// <summary>
/// Revocation on one silo refuses the token on another (SPEC section 11): the other silo held the user's stamp in memory, and
/// drops it on the cluster notification.
/// </summary>
public abstract class TokenRevocationClusterTests : TwoSiloTests
{
    /// <summary>
    /// Whether the channel delivers before the publishing request answers (in memory), or a moment later (LISTEN/NOTIFY: the test
    /// then waits for silo 2 to have applied it, with a timeout only as a failure guard).
    /// </summary>
    protected abstract bool DeliversBeforeTheAnswer { get; }

    [Fact]
    public async Task PasswordChangeOnOneSiloRefusesTheOldTokenOnAnother()
    {
        var a = await Silo1.RegisterAsync("a");
        var onSilo2 = a.On(Silo2);
        Assert.Equal(a.Id, (await onSilo2.MeAsync()).Id);
        var applied = WhenUserDroppedOnSilo2(a.Id);

        Assert.Equal(HttpStatusCode.NoContent, (await a.ChangePasswordAsync(ChatApp.Password, "a brand new passphrase")).StatusCode);

        await AppliedAsync(applied);
        await HttpAssert.ProblemAsync(await onSilo2.GetMeAsync(), HttpStatusCode.Unauthorized, "auth.unauthorized");
    }

    [Fact]
    public async Task LogoutOnOneSiloRefusesTheTokenOnAnother()
    {
        var a = await Silo1.RegisterAsync("a");
        var onSilo2 = a.On(Silo2);
        Assert.Equal(a.Id, (await onSilo2.MeAsync()).Id);
        var applied = WhenUserDroppedOnSilo2(a.Id);

        Assert.Equal(HttpStatusCode.NoContent, (await a.LogoutAsync()).StatusCode);

        await AppliedAsync(applied);
        await HttpAssert.ProblemAsync(await onSilo2.GetMeAsync(), HttpStatusCode.Unauthorized, "auth.unauthorized");
    }

    [Fact]
    public async Task DeletionOnOneSiloRefusesTheTokenAndForgetsTheBlockOnAnother()
    {
        var a = await Silo1.RegisterAsync("a");
        var b = (await Silo1.RegisterAsync("b")).On(Silo2);
        await b.BlockOkAsync(a.Id);
        var onSilo2 = a.On(Silo2);
        Assert.Equal(a.Id, (await onSilo2.MeAsync()).Id);
        // b's grain is not dropped: its block set is marked stale when the blocks notification arrives (BlockSetStamps).
        Task[] applied = [WhenUserDroppedOnSilo2(a.Id), WhenBlocksChangedOnSilo2(b.Id)];

        Assert.Equal(HttpStatusCode.NoContent, (await a.DeleteAccountAsync(ChatApp.Password)).StatusCode);

        await AppliedAsync(applied);
        await HttpAssert.ProblemAsync(await onSilo2.GetMeAsync(), HttpStatusCode.Unauthorized, "auth.unauthorized");
        var grains = Silo2.Services.GetRequiredService<IGrainFactory>();
        Assert.False(await grains.GetGrain<IUserGrain>(b.Id).IsBlockingAsync(a.Id));
    }

    // Each signal's own task, not a combination of them: a combined task completes in a continuation, which may not have run
    // yet when the answer arrives even though every signal was set before it.
    private async Task AppliedAsync(params Task[] applied)
    {
        if (DeliversBeforeTheAnswer)
        {
            Assert.True(applied.All(t => t.IsCompleted), "Silo 2 had not applied the change when silo 1 answered.");
        }

        await Task.WhenAll(applied).WaitAsync(TimeSpan.FromSeconds(30));
    }

    // The invalidator subscribed at start, so it has marked the set stale before this later observer hears the same message.
    private Task WhenBlocksChangedOnSilo2(Guid userId)
    {
        var channel = Silo2.Services.GetRequiredService<IClusterChannel>();
        var observer = new BlocksObserver(userId);
        var subscription = channel.Subscribe(observer);
        _ = observer.Delivered.Task.ContinueWith(_ => subscription.Dispose(), TaskScheduler.Default);
        return observer.Delivered.Task;
    }

    private Task WhenUserDroppedOnSilo2(Guid userId)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var control = Silo2.Services.GetRequiredService<IActivationControl>();
        void OnDeactivated(GrainId id, DeactivationReason reason)
        {
            if (id.Interface == typeof(IUserGrain) && id.Key == userId)
            {
                control.Deactivated -= OnDeactivated;
                done.TrySetResult();
            }
        }

        control.Deactivated += OnDeactivated;
        return done.Task;
    }
}

public sealed class MemoryTokenRevocationClusterTests : TokenRevocationClusterTests
{
    protected override bool DeliversBeforeTheAnswer => true;

    protected override Task<(ChatApp, ChatApp)> CreateSilosAsync() => TwoSilos.MemoryAsync();
}

public sealed class PostgresTokenRevocationClusterTests : TokenRevocationClusterTests
{
    protected override bool DeliversBeforeTheAnswer => false;

    protected override Task<(ChatApp, ChatApp)> CreateSilosAsync() => TwoSilos.PostgresAsync();
}

/// <summary>Completes when a blocks notification about one user arrives.</summary>
internal sealed class BlocksObserver(Guid userId) : IClusterObserver
{
    public TaskCompletionSource Delivered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task OnMessageAsync(ClusterMessage message)
    {
        if (message.Topic == ClusterTopics.Blocks && message.Payload == userId.ToString())
        {
            Delivered.TrySetResult();
        }

        return Task.CompletedTask;
    }

    public Task OnResetAsync() => Task.CompletedTask;
}
