using System.Buffers.Binary;
using ChatBlock.Grains;
using System.Buffers.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace ChatBlock.Api.Blocks;

/// <summary>Encodes a <see cref="BlockCursor"/> as an opaque URL-safe string (base64url of 8 bytes of ticks and 16 of id).</summary>
public static class BlockCursorCodec
{
    /// <summary>The opaque form of <paramref name="cursor"/>, or null.</summary>
    public static string? Encode(BlockCursor? cursor)
    {
        if (cursor is null)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[24];
        BinaryPrimitives.WriteInt64BigEndian(bytes, cursor.CreatedAt.UtcTicks);
        cursor.UserId.TryWriteBytes(bytes[8..], bigEndian: true, out _);
        return WebEncoders.Base64UrlEncode(bytes);
    }

    /// <summary>Reads what <see cref="Encode"/> wrote.</summary>
    /// <returns><see langword="false"/> for anything else.</returns>
    public static bool TryDecode(string value, out BlockCursor? cursor)
    {
        cursor = null;
        Span<byte> bytes = stackalloc byte[24];
        if (value.Length != 32 || !Base64Url.TryDecodeFromChars(value, bytes, out var written) || written != 24)
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        cursor = new BlockCursor(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes[8..], bigEndian: true));
        return true;
    }
}
