namespace ChatBlock.Api.Blocks;

/// <summary>One block of an export, and one row of an import (SPEC section 10).</summary>
/// <param name="UserId">The blocked user's id (export); on import, names the user (wins over <paramref name="Username"/>).</param>
/// <param name="Username">Their username (export); on import, names the user when no <paramref name="UserId"/> is given.</param>
/// <param name="CreatedAt">When they were blocked (UTC); ignored on import.</param>
/// <param name="ExpiresAt">When the block ends by itself (UTC), null for a permanent block.</param>
/// <param name="Note">The blocker's private note (up to 280 characters), or null.</param>
public sealed record BlockExportItem(Guid UserId, string Username, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, string? Note);

/// <summary>Answer of <c>GET /users/me/blocks/export?format=json</c> (an attachment).</summary>
/// <param name="Items">Every block of the caller, oldest first.</param>
public sealed record BlockExportResponse(IReadOnlyList<BlockExportItem> Items);

/// <summary>
/// The JSON body of <c>POST /users/me/blocks/import</c>: what an export wrote, or any items that each name <c>userId</c> or
/// <c>username</c>. Values are read as text so that a bad one is answered with its row.
/// </summary>
/// <param name="Items">The rows; at most 10,000.</param>
public sealed record BlockImportDocument(IReadOnlyList<BlockImportDocumentItem?>? Items);

/// <summary>One item of a <see cref="BlockImportDocument"/>.</summary>
/// <param name="UserId">A UUID, or null.</param>
/// <param name="Username">A username, or null (used when <paramref name="UserId"/> is null).</param>
/// <param name="ExpiresAt">ISO 8601 time or null; checked, not yet applied.</param>
/// <param name="Note">Up to 280 characters or null; checked, not yet applied.</param>
public sealed record BlockImportDocumentItem(string? UserId, string? Username, string? ExpiresAt, string? Note);

/// <summary>
/// Answer of <c>POST /users/me/blocks/import</c> (also of a dry run, which changes nothing). Users named by the file are listed as
/// the file named them (id, or username when no id was given), in file order, each user once.
/// </summary>
/// <param name="Added">Newly blocked.</param>
/// <param name="Removed">Unblocked because the file did not name them (<c>mode=overwrite</c> only); user ids.</param>
/// <param name="AlreadyBlocked">Named and already blocked.</param>
/// <param name="Unknown">Naming no user.</param>
/// <param name="Self">Naming the caller (never blocked).</param>
public sealed record BlockImportResponse(
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> AlreadyBlocked,
    IReadOnlyList<string> Unknown,
    IReadOnlyList<string> Self);
