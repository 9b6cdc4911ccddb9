namespace ChatBlock.Storage;

/// <summary>
/// What <see cref="IChatStore.UpdateBlockAsync"/> changes on an active block (SPEC section 10, <c>PATCH /users/{id}/block</c>):
/// each part only when its <c>Changes...</c> flag is set, so that two updates of different parts do not undo each other.
/// </summary>
/// <param name="ChangesExpiry">Whether to set <paramref name="ExpiresAt"/>.</param>
/// <param name="ExpiresAt">The new expiry (UTC, already validated), or null to make the block permanent.</param>
/// <param name="ChangesNote">Whether to set <paramref name="Note"/>.</param>
/// <param name="Note">The new note (already validated), or null to remove it.</param>
public sealed record BlockUpdate(bool ChangesExpiry, DateTimeOffset? ExpiresAt, bool ChangesNote, string? Note);
