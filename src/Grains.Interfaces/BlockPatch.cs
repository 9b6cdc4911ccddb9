namespace ChatBlock.Grains;

/// <summary>
/// A change of an active block (SPEC section 10, <c>PATCH /users/{id}/block</c>), already validated by
/// <see cref="TimedBlockRules"/>: each part changes only when its <c>Changes...</c> flag is set (a member absent from the
/// request body leaves that part as it is; <c>null</c> clears it).
/// </summary>
/// <param name="ChangesExpiry">Whether <paramref name="ExpiresAt"/> replaces the block's expiry.</param>
/// <param name="ExpiresAt">The new expiry (UTC), or null to make the block permanent.</param>
/// <param name="ChangesNote">Whether <paramref name="Note"/> replaces the block's note.</param>
/// <param name="Note">The new note, or null to remove it.</param>
public sealed record BlockPatch(bool ChangesExpiry, DateTimeOffset? ExpiresAt, bool ChangesNote, string? Note);
