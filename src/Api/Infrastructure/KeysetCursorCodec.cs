using System.Buffers.Binary;
using System.Buffers.Text;

namespace ChatBlock.Api.Infrastructure;

/// <summary>
/// The opaque <c>cursor</c> of the keyset-paged lists (blocks, conversations): a position <c>(time, id)</c> written as base64url
/// of 8 bytes of UTC ticks (big-endian) and the 16 bytes of the id, 32 characters without padding.
/// </summary>
public static class KeysetCursorCodec
{
    private const int ByteLength = 24;
    private const int TextLength = 32;

    /// <summary>The opaque form of the position <c>(<paramref name="at"/>, <paramref name="id"/>)</c>.</summary>
    public static string Encode(DateTimeOffset at, Guid id)
    {
        Span<byte> bytes = stackalloc byte[ByteLength];
        BinaryPrimitives.WriteInt64BigEndian(bytes, at.UtcTicks);
        id.TryWriteBytes(bytes[8..], bigEndian: true, out _);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Reads what <see cref="Encode"/> wrote.</summary>
    /// <returns>
    /// <see langword="false"/> for anything else, never an exception: wrong length, characters outside base64url (<c>=</c>,
    /// <c>+</c>, <c>/</c>, which <see cref="Base64Url.TryDecodeFromChars(ReadOnlySpan{char}, Span{byte}, out int)"/> throws on),
    /// or a time outside <see cref="DateTimeOffset"/>'s range.
    /// </returns>
    public static bool TryDecode(string? value, out DateTimeOffset at, out Guid id)
    {
        at = default;
        id = default;
        if (value is not { Length: TextLength } || !value.All(IsBase64UrlChar))
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[ByteLength];
        if (!Base64Url.TryDecodeFromChars(value, bytes, out var written) || written != ByteLength)
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        at = new DateTimeOffset(ticks, TimeSpan.Zero);
        id = new Guid(bytes[8..], bigEndian: true);
        return true;
    }

    private static bool IsBase64UrlChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
