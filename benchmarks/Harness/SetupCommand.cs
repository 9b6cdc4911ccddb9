using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBlock.Storage;
using ChatBlock.Storage.Postgres;
using Npgsql;

namespace ChatBlock.Benchmarks;

/// <summary>
/// Prepares the HTTP benchmarks through the service's own API: registers users, opens one direct conversation per accepted
/// pair, and has the recipient of each refused pair block its sender. Writes, under <c>--out</c>: <c>accepted.txt</c> and
/// <c>refused.txt</c> (<c>token conversationId</c> per line, read by the wrk scripts), <c>tokens.tsv</c> (token and user id, read
/// by the baseline server) and <c>refused-body.json</c> (one refused answer, served by the trivial server); and the table
/// <c>bench_pairs</c> (index, conversation, sender, recipient, the pair's advisory lock key) that the pgbench scripts insert from.
/// </summary>
internal static class SetupCommand
{
    private const string Password = "benchmark-password";
    private const string Body = """{"content":"hello from the benchmark","messageType":"text"}""";

    public static async Task<int> RunAsync(HarnessArgs options)
    {
        var api = new Uri(options.Get("api").TrimEnd('/') + "/api/v1/");
        var pairs = options.GetInt("pairs", 128);
        var blocked = options.GetInt("blocked", 64);
        var output = Directory.CreateDirectory(options.Get("out")).FullName;
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(2) };
        var prefix = $"b{Random.Shared.Next(100_000, 999_999)}";

        // Registration hashes the password (PBKDF2), so it is the slow part: a few at a time.
        var users = new (Guid Id, string Token)[2 * (pairs + blocked)];
        await Parallel.ForAsync(0, users.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            using var response = await http.PostAsJsonAsync("auth/register", new { username = $"{prefix}_{i}", password = Password }, ct);
            var json = await ReadAsync(response, HttpStatusCode.Created, ct);
            users[i] = (json.GetProperty("user").GetProperty("id").GetGuid(), json.GetProperty("accessToken").GetString()!);
        });

        var accepted = new string[pairs];
        await Parallel.ForAsync(0, pairs, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (p, ct) =>
        {
            var (sender, recipient) = (users[2 * p], users[(2 * p) + 1]);
            using var request = Authorized(HttpMethod.Post, "conversations/direct", sender.Token, new { userId = recipient.Id });
            using var response = await http.SendAsync(request, ct);
            var json = await ReadAsync(response, HttpStatusCode.Created, ct);
            accepted[p] = $"{sender.Token} {json.GetProperty("id").GetGuid()}";
        });

        var refused = new string[blocked];
        await Parallel.ForAsync(0, blocked, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (p, ct) =>
        {
            var (sender, recipient) = (users[2 * (pairs + p)], users[(2 * (pairs + p)) + 1]);
            using var request = Authorized(HttpMethod.Post, $"users/{sender.Id}/block", recipient.Token, null);
            using var response = await http.SendAsync(request, ct);
            var json = await ReadAsync(response, HttpStatusCode.Created, ct);
            refused[p] = $"{sender.Token} {json.GetProperty("conversationId").GetGuid()}";
        });

        await File.WriteAllLinesAsync(Path.Combine(output, "accepted.txt"), accepted);
        await File.WriteAllLinesAsync(Path.Combine(output, "refused.txt"), refused);
        await File.WriteAllLinesAsync(Path.Combine(output, "tokens.tsv"), users.Select(u => $"{u.Token}\t{u.Id}"));
        await File.WriteAllTextAsync(Path.Combine(output, "body.json"), Body);

        // One send of each kind, checked, before anything is timed; the refused answer is what the trivial server serves.
        var (acceptedToken, acceptedConversation) = Split(accepted[0]);
        using (var response = await SendAsync(http, acceptedToken, acceptedConversation))
        {
            await ReadAsync(response, HttpStatusCode.Created, default);
        }

        var (refusedToken, refusedConversation) = Split(refused[0]);
        using (var response = await SendAsync(http, refusedToken, refusedConversation))
        {
            var json = await ReadAsync(response, HttpStatusCode.Forbidden, default);
            if (json.GetProperty("code").GetString() != "message.blocked_by_recipient")
            {
                throw new InvalidOperationException($"Unexpected refusal: {json}");
            }

            await File.WriteAllTextAsync(Path.Combine(output, "refused-body.json"), json.GetRawText());
        }

        await WritePairsTableAsync(options.Get("pg"), accepted, users);
        Console.WriteLine($"setup: {users.Length} users, {pairs} accepted pairs, {blocked} blocked pairs in {output}");
        return 0;
    }

    private static async Task WritePairsTableAsync(string connectionString, string[] accepted, (Guid Id, string Token)[] users)
    {
        var senders = users.ToDictionary(u => u.Token, u => u.Id);
        var recipients = users.Chunk(2).ToDictionary(pair => pair[0].Id, pair => pair[1].Id);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (var create = dataSource.CreateCommand(
            """
            DROP TABLE IF EXISTS bench_pairs;
            CREATE TABLE bench_pairs (
                idx integer PRIMARY KEY, conversation_id uuid NOT NULL, sender_id uuid NOT NULL, recipient_id uuid NOT NULL,
                lock_key bigint NOT NULL)
            """))
        {
            await create.ExecuteNonQueryAsync();
        }

        for (var i = 0; i < accepted.Length; i++)
        {
            var (token, conversation) = Split(accepted[i]);
            var (sender, recipient) = (senders[token], recipients[senders[token]]);
            await using var insert = dataSource.CreateCommand("INSERT INTO bench_pairs VALUES ($1, $2, $3, $4, $5)");
            insert.Parameters.Add(new NpgsqlParameter { Value = i + 1 });
            insert.Parameters.Add(new NpgsqlParameter { Value = conversation });
            insert.Parameters.Add(new NpgsqlParameter { Value = sender });
            insert.Parameters.Add(new NpgsqlParameter { Value = recipient });
            insert.Parameters.Add(new NpgsqlParameter { Value = PostgresLockKeys.ForPair(UserPair.Of(sender, recipient)) });
            await insert.ExecuteNonQueryAsync();
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string token, Guid conversation)
    {
        using var request = Authorized(HttpMethod.Post, $"conversations/{conversation}/messages", token, null);
        request.Content = new StringContent(Body, new MediaTypeHeaderValue("application/json"));
        return await http.SendAsync(request);
    }

    private static HttpRequestMessage Authorized(HttpMethod method, string path, string token, object? body)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    private static (string Token, Guid Conversation) Split(string line)
    {
        var parts = line.Split(' ');
        return (parts[0], Guid.Parse(parts[1]));
    }

    private static async Task<JsonElement> ReadAsync(
        HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException(
                $"{response.RequestMessage?.RequestUri}: expected {expected}, got {response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
