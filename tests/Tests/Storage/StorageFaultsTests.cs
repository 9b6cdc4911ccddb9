using System.Net.Sockets;
using ChatBlock.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ChatBlock.Tests.Storage;

/// <summary>Which storage exceptions mean "unavailable, retry later" (503) rather than a bug (500) (issue 11, item 4).</summary>
public sealed class StorageFaultsTests
{
    [Theory]
    [InlineData("53300", true)] // too many clients
    [InlineData("57P01", true)] // admin shutdown
    [InlineData("57P03", true)] // the database system is starting up
    [InlineData("08006", true)] // connection failure
    [InlineData("23505", false)] // unique violation: a bug, not an outage
    [InlineData("42P01", false)] // undefined table
    public void PostgresServerErrorsAreUnavailableOnlyForConnectionsAndResources(string sqlState, bool unavailable) =>
        Assert.Equal(unavailable, StorageFaults.IsUnavailable(new PostgresException("test", "FATAL", "FATAL", sqlState)));

    [Fact]
    public void ClientSideNpgsqlFaultsAreUnavailableEvenWhenWrapped()
    {
        var refused = new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));

        Assert.True(StorageFaults.IsUnavailable(refused));
        Assert.True(StorageFaults.IsUnavailable(new InvalidOperationException("wrapped", refused)));
        Assert.True(StorageFaults.IsUnavailable(new AggregateException(refused)));
    }

    [Theory]
    [InlineData(5, true)] // SQLITE_BUSY
    [InlineData(6, true)] // SQLITE_LOCKED
    [InlineData(19, false)] // SQLITE_CONSTRAINT
    public void SqliteIsUnavailableOnlyWhenBusyOrLocked(int errorCode, bool unavailable) =>
        Assert.Equal(unavailable, StorageFaults.IsUnavailable(new SqliteException("test", errorCode)));

    [Fact]
    public void OtherExceptionsAreBugs() => Assert.False(StorageFaults.IsUnavailable(new InvalidOperationException("bug")));
}
