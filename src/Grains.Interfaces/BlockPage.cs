namespace ChatBlock.Grains;

/// <summary>One page of a block list, newest block first.</summary>
/// <param name="Items">At most the requested number of entries.</param>
/// <param name="NextCursor">Pass as the cursor to get the next page; null on the last page.</param>
public sealed record BlockPage(IReadOnlyList<BlockEntry> Items, BlockCursor? NextCursor);

/// <summary>Position in a block list: entries strictly after (older than, or same time with a smaller id) this one.</summary>
/// <param name="CreatedAt">Creation time of the last entry of the previous page.</param>
/// <param name="UserId">User id of that entry.</param>
public sealed record BlockCursor(DateTimeOffset CreatedAt, Guid UserId);
