using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ChatBlock.Storage.Postgres;

/// <summary>Keys of the PostgreSQL advisory locks that order direct messages against block changes of one pair.</summary>
public static class PostgresLockKeys
{
    /// <summary>
    /// The one-key (<c>bigint</c>) advisory lock of <paramref name="pair"/>: the first 8 bytes, big-endian, of the SHA-256 of
    /// <see cref="UserPair.Key"/> in UTF-8. The same on every silo and every run; two pairs sharing a key only wait for each other.
    /// </summary>
    /// <remarks>
    /// Direct messages take it shared (<c>pg_advisory_xact_lock_shared</c>), block changes exclusively. Silos that compute it
    /// differently do not exclude each other, so changing it means stopping every silo first.
    /// </remarks>
    public static long ForPair(UserPair pair)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(pair.Key), hash);
        return BinaryPrimitives.ReadInt64BigEndian(hash);
    }

    /// <summary>
    /// The two-key advisory lock space (<c>pg_advisory_xact_lock(int, int)</c>) of limits kept in the database: the class, "CBLQ".
    /// The two-key space does not overlap the one-key pair locks.
    /// </summary>
    public const int LimitLockClass = 0x43424C51;

    /// <summary>
    /// The second key of the limit lock of <paramref name="subject"/> (a user id, <c>address:...</c>, <c>account:...</c>): the first
    /// 4 bytes, big-endian, of the SHA-256 of the subject in UTF-8. Two subjects sharing a key only wait for each other.
    /// </summary>
    public static int ForLimit(string subject)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(subject), hash);
        return BinaryPrimitives.ReadInt32BigEndian(hash);
    }

    /// <summary>
    /// The two-key advisory lock space of a user's whole block list, "CBLU": a block list import takes its blocker's lock
    /// exclusively, and every direct message takes both participants' locks shared (after the pair's lock), so an import is
    /// ordered against every send of the importer with one lock instead of one per pair (10,000 pair locks in one transaction can
    /// exhaust PostgreSQL's shared lock table: <c>max_locks_per_transaction</c> times connections). Disjoint from the other spaces.
    /// </summary>
    public const int UserLockClass = 0x43424C55;

    /// <summary>
    /// The second key of the block list lock of <paramref name="userId"/>: the first 4 bytes, big-endian, of the SHA-256 of the
    /// id's <c>"D"</c> text in UTF-8. Two users sharing a key only wait for each other.
    /// </summary>
    public static int ForUser(Guid userId) => ForLimit(userId.ToString("D"));
}
