using System.Reflection;
using ChatBlock.Storage.Postgres;
using ChatBlock.Storage.Sqlite;

namespace ChatBlock.Tests.Infrastructure;

/// <summary>
/// The first schema step as it shipped, read from the schema classes themselves (released steps are never edited), so the
/// migration tests build an old database exactly as a first-version silo did.
/// </summary>
public static class SchemaVersionOne
{
    /// <summary>SQLite step 1 and its <c>user_version</c>, as a first-version silo left the file.</summary>
    public static string Sqlite =>
        First<string>(typeof(SqliteChatStore), "ChatBlock.Storage.Sqlite.SqliteSchema") + "\nPRAGMA user_version = 1;\n";

    /// <summary>PostgreSQL step 1 with its <c>schema_version</c> row, as a first-version silo left the database.</summary>
    public static string Postgres =>
        First<(int Version, string Sql)>(typeof(PostgresChatStore), "ChatBlock.Storage.Postgres.PostgresSchema").Sql
        + """
        ;
        CREATE TABLE schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
        INSERT INTO schema_version (version) VALUES (1);
        """;

    /// <summary>SQLite steps 1 to <paramref name="version"/> and the <c>user_version</c>, as a silo of that version left it.</summary>
    public static string SqliteAt(int version) =>
        string.Join("\n", Steps<string>(typeof(SqliteChatStore), "ChatBlock.Storage.Sqlite.SqliteSchema").Take(version))
        + $"\nPRAGMA user_version = {version};\n";

    /// <summary>PostgreSQL steps 1 to <paramref name="version"/> with their <c>schema_version</c> rows, as such a silo left them.</summary>
    public static string PostgresAt(int version) =>
        string.Join(";\n", Steps<(int Version, string Sql)>(typeof(PostgresChatStore), "ChatBlock.Storage.Postgres.PostgresSchema")
            .Take(version).Select(s => s.Sql))
        + $"""
        ;
        CREATE TABLE schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
        INSERT INTO schema_version (version) SELECT generate_series(1, {version});
        """;

    /// <summary>Step 1 of the internal schema class <paramref name="schemaType"/> in <paramref name="storeType"/>'s assembly.</summary>
    public static T First<T>(Type storeType, string schemaType) => Steps<T>(storeType, schemaType)[0];

    private static T[] Steps<T>(Type storeType, string schemaType) =>
        (T[])storeType.Assembly.GetType(schemaType, throwOnError: true)!
            .GetField("Migrations", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
}
