using ChatBlock.Api.Infrastructure;
using ChatBlock.Grains;

namespace ChatBlock.Api.Blocks;

/// <summary>Encodes a <see cref="BlockCursor"/> as an opaque URL-safe string (<see cref="KeysetCursorCodec"/>).</summary>
public static class BlockCursorCodec
{
    /// <summary>The opaque form of <paramref name="cursor"/>, or null.</summary>
    public static string? Encode(BlockCursor? cursor) =>
        cursor is null ? null : KeysetCursorCodec.Encode(cursor.CreatedAt, cursor.UserId);

    /// <summary>Reads what <see cref="Encode"/> wrote.</summary>
    /// <returns><see langword="false"/> for anything else (never throws).</returns>
    public static bool TryDecode(string value, out BlockCursor? cursor)
    {
        cursor = KeysetCursorCodec.TryDecode(value, out var at, out var userId) ? new BlockCursor(at, userId) : null;
        return cursor is not null;
    }
}
