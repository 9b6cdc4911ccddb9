using ChatBlock.Storage;

namespace ChatBlock.Grains.Users;

/// <summary>What a <see cref="UserGrain"/> holds in memory: the account and its outgoing block set.</summary>
/// <remarks>
/// <see cref="User"/>, <see cref="Blocks"/> and <see cref="Tokens"/> are immutable objects swapped whole, so a call that runs
/// beside a turn (<c>IsBlockingAsync</c>, <c>[AlwaysInterleave]</c>) sees each before or after a change, never in between.
/// </remarks>
internal sealed class UserGrainState
{
    private BlockSet _blocks = BlockSet.Empty(loadedAt: 0);

    /// <summary>The account; null when no user has this id.</summary>
    public UserRecord? User { get; set; }

    /// <summary>
    /// The outgoing blocks, with the expiry of timed ones, the notes (SPEC section 10) and the stamp they were loaded at
    /// (<see cref="BlockSet.LoadedAt"/>). Read and written with acquire and release semantics: a set seen is a set whole.
    /// </summary>
    public BlockSet Blocks
    {
        get => Volatile.Read(ref _blocks);
        set => Volatile.Write(ref _blocks, value);
    }

    /// <summary>The security stamp and revoked token ids (SPEC section 11); null until first needed or after they changed.</summary>
    public TokenState? Tokens { get; set; }
}
