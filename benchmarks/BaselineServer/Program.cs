using System.Diagnostics;
using ChatBlock.Benchmarks.BaselineServer;
using Npgsql;

// The peer for sends: seed 000's "gatekeeper" (stage 3) in ASP.NET Core and Npgsql, on the service's database and tables.
// Per send: read the conversation and its participants, query the block table (both directions, as SPEC section 5 asks),
// insert. No grains, no in-memory block sets, no transaction. Auth is a lookup of the bearer token in a table loaded at start
// (TOKENS_FILE: "token<TAB>userId" lines), cheaper than the service's JWT validation.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(
    builder.Configuration.GetConnectionString("Postgres") ?? throw new InvalidOperationException("Set ConnectionStrings__Postgres.")));
var app = builder.Build();

var tokens = File.ReadLines(app.Configuration["TOKENS_FILE"] ?? throw new InvalidOperationException("Set TOKENS_FILE."))
    .Select(line => line.Split('\t'))
    .ToDictionary(parts => parts[0], parts => Guid.Parse(parts[1]), StringComparer.Ordinal);

app.MapPost("/api/v1/conversations/{id:guid}/messages", async (
    Guid id, SendMessageRequest request, HttpContext context, NpgsqlDataSource db) =>
{
    var header = context.Request.Headers.Authorization.ToString();
    if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !tokens.TryGetValue(header[7..], out var senderId))
    {
        return Problem(context, 401, "auth.unauthorized", "A valid bearer token is required.");
    }

    if (string.IsNullOrWhiteSpace(request.Content) || request.Content.Length > 4000)
    {
        return Problem(context, 400, "message.invalid", "The message is invalid.");
    }

    // 1. The conversation with its participants.
    string? kind = null;
    var participants = new List<Guid>(2);
    await using (var read = db.CreateCommand(
        "SELECT c.kind, p.user_id FROM conversations c JOIN conversation_participants p ON p.conversation_id = c.id WHERE c.id = $1"))
    {
        read.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await read.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            kind = reader.GetString(0);
            participants.Add(reader.GetGuid(1));
        }
    }

    if (kind is null || !participants.Contains(senderId))
    {
        return Problem(context, 404, "conversation.not_found", "Conversation not found.");
    }

    // 2. Direct conversations only: the block table, both directions.
    if (kind == "direct")
    {
        var otherId = participants.Find(p => p != senderId);
        await using var blocks = db.CreateCommand("""
            SELECT EXISTS (SELECT 1 FROM blocks WHERE blocker_id = $1 AND blocked_id = $2),
                   EXISTS (SELECT 1 FROM blocks WHERE blocker_id = $2 AND blocked_id = $1)
            """);
        blocks.Parameters.Add(new NpgsqlParameter { Value = senderId });
        blocks.Parameters.Add(new NpgsqlParameter { Value = otherId });
        await using var reader = await blocks.ExecuteReaderAsync();
        await reader.ReadAsync();
        if (reader.GetBoolean(0))
        {
            return Problem(context, 403, "message.recipient_blocked",
                "You cannot send messages to a user you have blocked. Unblock them first.");
        }

        if (reader.GetBoolean(1))
        {
            return Problem(context, 403, "message.blocked_by_recipient", "You cannot send messages to this user as they have blocked you.");
        }
    }

    // 3. The insert.
    var message = new MessageResponse(
        Guid.CreateVersion7(), id, senderId, request.Content, request.MessageType ?? "text", TruncateToMicroseconds(DateTimeOffset.UtcNow));
    await using (var insert = db.CreateCommand("""
        INSERT INTO messages (id, conversation_id, sender_id, content, message_type, created_at, sender_only)
        VALUES ($1, $2, $3, $4, $5, $6, false)
        """))
    {
        insert.Parameters.Add(new NpgsqlParameter { Value = message.Id });
        insert.Parameters.Add(new NpgsqlParameter { Value = message.ConversationId });
        insert.Parameters.Add(new NpgsqlParameter { Value = message.SenderId });
        insert.Parameters.Add(new NpgsqlParameter { Value = message.Content });
        insert.Parameters.Add(new NpgsqlParameter { Value = message.MessageType });
        insert.Parameters.Add(new NpgsqlParameter { Value = message.CreatedAt });
        await insert.ExecuteNonQueryAsync();
    }

    return Results.Created($"/api/v1/conversations/{id}/messages", message);
});

app.Run();

static IResult Problem(HttpContext context, int status, string code, string title) => Results.Problem(
    statusCode: status,
    title: title,
    extensions: new Dictionary<string, object?> { ["code"] = code, ["traceId"] = Activity.Current?.Id ?? context.TraceIdentifier });

static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value) => new(value.Ticks - (value.Ticks % 10), TimeSpan.Zero);
