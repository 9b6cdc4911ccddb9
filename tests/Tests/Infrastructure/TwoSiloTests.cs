namespace ChatBlock.Tests.Infrastructure;

/// <summary>
/// Tests through the gateways of two silos (<see cref="Silo1"/>, <see cref="Silo2"/>) sharing one database and one notification
/// channel, started before each test and disposed after it. A subclass per storage picks them from <see cref="TwoSilos"/>.
/// </summary>
public abstract class TwoSiloTests : IAsyncLifetime
{
    /// <summary>The first silo, <c>silo-1</c>.</summary>
    protected ChatApp Silo1 { get; private set; } = null!;

    /// <summary>The second silo, <c>silo-2</c>.</summary>
    protected ChatApp Silo2 { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync() => (Silo1, Silo2) = await CreateSilosAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Silo1.DisposeAsync();
        await Silo2.DisposeAsync();
    }

    /// <summary>Two silos sharing one database and one notification channel, e.g. <see cref="TwoSilos.MemoryAsync"/>.</summary>
    protected abstract Task<(ChatApp, ChatApp)> CreateSilosAsync();
}
