using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatBlock.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatBlock.Tests.Api;

/// <summary>
/// A property over every route of the OpenAPI document (issue 11, item 13): FsCheck generates requests with random path segments,
/// query values, headers and bodies (wrong JSON types, huge strings, control characters, invalid UTF-8), with and without a valid
/// token, against the real gateway on SQLite; no answer may be a 5xx, and every error of <c>/api/v1</c> is problem details.
/// </summary>
public sealed class RouteFuzzTests
{
    private const int Requests = 300;

    private static readonly string[] MemberNames =
    [
        "username", "password", "displayName", "avatarUrl", "userId", "title", "memberIds", "content", "messageType",
        "showLastSeen", "currentPassword", "newPassword", "ticket", "id", "",
    ];

    private static readonly string[] QueryNames = ["limit", "cursor", "before", "query", "ticket", "access_token", "x"];

    [Fact]
    public async Task NoGeneratedRequestAnswersAServerErrorAndEveryErrorIsAProblem()
    {
        using var app = new ChatApp();
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var direct = await a.OpenDirectAsync(b.Id);
        var group = await a.CreateGroupAsync("fuzz", b.Id);
        var message = await a.SendOkAsync(direct.Id);
        var routes = await RoutesAsync(app.CreateClient());
        Assert.Contains(routes, r => r.Template == "/api/v1/conversations/{id}/messages");

        var ids = new[] { a.Id, b.Id, direct.Id, group.Id, message.Id }.Select(id => id.ToString()).ToArray();
        var requests = RequestGen(routes, ids, [a.Token, b.Token, ForgeToken(app, subject: "not-a-uuid")]);
        var property = Prop.ForAll(requests.ToArbitrary(), request =>
        {
            // FsCheck properties are synchronous; run each request to completion off the test's synchronization context.
            var failure = Task.Run(() => SendAsync(app, request)).GetAwaiter().GetResult();
            return Prop.Label(failure is null, $"{request}\n=> {failure}");
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Requests).WithQuietOnSuccess(true), property);
    }

    // null when the answer is acceptable; otherwise what was wrong with it.
    private static async Task<string?> SendAsync(ChatApp app, FuzzRequest request)
    {
        using var client = app.CreateClient();
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path);
        if (request.Authorization is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", request.Authorization);
        }

        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }

        using var response = await client.SendAsync(message);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        if (status >= 500)
        {
            return $"{status}: {Truncate(text)}";
        }

        // Other dialects answer errors in their own envelopes: every route outside /api/v1, and seed 002's block route inside it.
        if (status >= 400 && request.Path.StartsWith("/api/v1/", StringComparison.Ordinal)
            && !request.Path.StartsWith("/api/v1/users/block/", StringComparison.Ordinal)
            && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{status} as {response.Content.Headers.ContentType?.ToString() ?? "no content type"}: {Truncate(text)}";
        }

        return null;
    }

    private static async Task<IReadOnlyList<Route>> RoutesAsync(HttpClient client)
    {
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var routes = new List<Route>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method is "get" or "post" or "put" or "patch" or "delete")
                {
                    var streams = operation?["responses"]?["200"]?["content"]?["text/event-stream"] is not null
                        || path.EndsWith("/events", StringComparison.Ordinal);
                    routes.Add(new Route(method.ToUpperInvariant(), path, streams && method == "get"));
                }
            }
        }

        routes.Add(new Route("GET", "/api/v1/no-such-route/{id}", false));
        return routes;
    }

    private static Gen<FuzzRequest> RequestGen(IReadOnlyList<Route> routes, string[] ids, string[] tokens)
    {
        var segment = Gen.OneOf(Gen.Elements(ids), Gen.Fresh(() => Guid.NewGuid().ToString()), Text());
        var method = Gen.Frequency((9, Gen.Constant<string?>(null)), (1, Gen.Elements<string?>("GET", "POST", "PUT", "PATCH", "DELETE")));
        var query = Gen.ListOf(Gen.Zip(Gen.Elements(QueryNames), Gen.OneOf(Text(), Gen.Elements(ids), Number())), 3);
        var header = Gen.Zip(Gen.Elements("Idempotency-Key", "Last-Event-ID", "Accept", "X-Forwarded-For", "Accept-Language"), Text());
        var contentType = Gen.Elements<string?>(
            "application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data", "application/json; charset=latin1", null);
        var body = Gen.Frequency(
            (1, Gen.Constant<byte[]?>(null)),
            (5, Json(depth: 2).Select(j => (byte[]?)Encoding.UTF8.GetBytes(j))),
            (1, Text(huge: true).Select(t => (byte[]?)Encoding.UTF8.GetBytes(t))),
            (1, Gen.Elements<byte[]?>([0xC3, 0x28], [0xFF, 0xFE, 0x7B], [0xED, 0xA0, 0x80], [0xC0, 0xAF], "{\"a\":"u8.ToArray())));

        return from route in Gen.Elements(routes.ToArray())
               from values in Gen.ArrayOf(segment, 3)
               from otherMethod in method
               from parameters in query
               from token in Gen.Elements(-1, -1, 0, 1, 2, 3, 4)
               from headers in Gen.ListOf(header, 2)
               from payload in body
               from type in contentType
               select Build(route, values, otherMethod, parameters, Authorization(route, token, tokens), headers, payload, type);
    }

    private static FuzzRequest Build(
        Route route, string[] values, string? otherMethod, IEnumerable<(string, string)> query, string? authorization,
        IEnumerable<(string, string)> headers, byte[]? body, string? contentType)
    {
        var path = new StringBuilder();
        var next = 0;
        foreach (var part in route.Template.Split('/'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            // The in-memory test server cannot carry a NUL in a path (Kestrel answers 400 for it); NULs stay in queries and bodies.
            var value = part.StartsWith('{') ? values[next++ % values.Length].Replace("\0", "", StringComparison.Ordinal) : part;
            path.Append('/').Append(part.StartsWith('{') ? Uri.EscapeDataString(value) : part);
        }

        var queryText = string.Join('&', query.Select(q => $"{q.Item1}={Uri.EscapeDataString(q.Item2)}"));
        return new FuzzRequest(
            otherMethod is not null && !route.Streams ? otherMethod : route.Method,
            queryText.Length == 0 ? path.ToString() : $"{path}?{queryText}",
            authorization, [.. headers], body, contentType);
    }

    // A live event stream never ends: it is fuzzed without a valid token only. Choice 4 is signed with the app's key but its
    // subject is not a user id.
    private static string? Authorization(Route route, int choice, string[] tokens) => choice switch
    {
        0 or 1 when !route.Streams => $"Bearer {tokens[choice]}",
        2 => "Bearer not.a.token",
        3 => "Basic Zm9vOmJhcg==",
        4 => $"Bearer {tokens[2]}",
        _ => null,
    };

    private static string ForgeToken(ChatApp app, string subject)
    {
        var key = Encoding.UTF8.GetBytes(File.ReadAllText(Path.Combine(app.DataPath, "signing-key")).Trim());
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "chatblock",
            Audience = "chatblock",
            Expires = DateTime.UtcNow.AddHours(1),
            Claims = new Dictionary<string, object> { ["sub"] = subject },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
    }

    // Odd strings: control characters, lone surrogates, lookalikes, base64 padding, and (in bodies only) huge ones. Headers and
    // queries stay short, as Kestrel refuses long ones itself (431, 414) and the in-memory server only copies them slowly.
    private static Gen<string> Text(bool huge = false) => Gen.Frequency(
        (6, Gen.Elements("", " ", "null", "-1", "0", "101", "1e309", "=", "====", "+/+/", "..", "%00", "\u0000", "\r\n", "\t",
            "victim\n", "Ω≈ç√∫", "\uFFFD", "\uD83D\uDE00", "\uD800", "' OR 1=1 --", "<script>", new string('=', 32),
            new string('a', 32))),
        (3, Gen.ArrayOf(Gen.Choose(0, 0xFFFF).Select(c => (char)c), 40).Select(chars => new string(chars))),
        (1, Gen.Choose(1, 300).Select(n => new string('x', n))),
        (huge ? 1 : 0, Gen.Choose(1_000, 100_000).Select(n => new string('y', n))));

    private static Gen<string> Number() =>
        Gen.Elements("0", "-1", "1", "50", "100", "101", "2147483648", "-9223372036854775809", "1.5", "NaN", "1e999");

    private static Gen<string> Json(int depth)
    {
        var scalar = Gen.OneOf(
            Text(huge: true).Select(t => JsonSerializer.Serialize(t)),
            Number(),
            Gen.Elements("true", "false", "null", "\"\\ud800\"", "\"\\u0000\"", "{}", "[]"));
        if (depth == 0)
        {
            return scalar;
        }

        var value = Gen.Frequency((4, scalar), (1, Gen.Sized(_ => Json(depth - 1))));
        var member = Gen.Zip(Gen.Elements(MemberNames), value).Select(m => $"{JsonSerializer.Serialize(m.Item1)}:{m.Item2}");
        return Gen.OneOf(
            Gen.ListOf(member, 4).Select(members => "{" + string.Join(',', members) + "}"),
            Gen.ListOf(value, 4).Select(items => "[" + string.Join(',', items) + "]"),
            scalar);
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500] + "...";

    private sealed record Route(string Method, string Template, bool Streams);

    private sealed record FuzzRequest(
        string Method, string Path, string? Authorization, (string Name, string Value)[] Headers, byte[]? Body, string? ContentType)
    {
        public override string ToString() =>
            $"{Method} {Truncate(Path)} auth={Authorization?[..Math.Min(Authorization.Length, 20)]} type={ContentType} "
            + $"headers=[{string.Join(", ", Headers.Select(h => $"{h.Name}: {Truncate(h.Value)}"))}] "
            + $"body={(Body is null ? "none" : Truncate(Encoding.UTF8.GetString(Body)))}";
    }
}
