using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ChatBlock.Tests.Dialects;

/// <summary>
/// Compares a dialect's answer with the body its seed documents, member by member: the same members, the same values, the same
/// wording. Where the seed shows an example value that differs per run, the expected JSON holds a marker instead:
/// <c>"&lt;uuid&gt;"</c>, <c>"&lt;jsdate&gt;"</c> (<c>2024-01-15T10:30:00.000Z</c>), <c>"&lt;date&gt;"</c> (any ISO 8601),
/// <c>"&lt;string&gt;"</c> (any non-empty string).
/// </summary>
public static partial class DialectAssert
{
    /// <summary>Asserts <paramref name="status"/>, a JSON content type and a body matching <paramref name="expected"/>.</summary>
    public static async Task<JsonElement> AnswerAsync(HttpResponseMessage response, HttpStatusCode status, string expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var actual = JsonDocument.Parse(text).RootElement.Clone();
        Match(JsonDocument.Parse(expected).RootElement, actual, "$", text);
        return actual;
    }

    private static void Match(JsonElement expected, JsonElement actual, string path, string body)
    {
        if (expected.ValueKind == JsonValueKind.String && expected.GetString() is ['<', .., '>'] marker)
        {
            Assert.True(actual.ValueKind == JsonValueKind.String, $"{path} should be a string in {body}");
            var value = actual.GetString()!;
            Assert.True(marker switch
            {
                "<uuid>" => Guid.TryParseExact(value, "D", out _),
                "<jsdate>" => JsDate().IsMatch(value),
                "<date>" => DateTimeOffset.TryParse(value, out _),
                "<string>" => value.Length > 0,
                _ => throw new ArgumentException($"Unknown marker {marker}"),
            }, $"{path} = '{value}' is not {marker} in {body}");
            return;
        }

        Assert.True(expected.ValueKind == actual.ValueKind, $"{path} should be {expected.ValueKind}, is {actual.ValueKind} in {body}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var names = expected.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
                Assert.True(
                    names.SequenceEqual(actual.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)),
                    $"{path} should have exactly the members [{string.Join(", ", names)}] in {body}");
                foreach (var member in expected.EnumerateObject())
                {
                    Match(member.Value, actual.GetProperty(member.Name), $"{path}.{member.Name}", body);
                }

                break;
            case JsonValueKind.Array:
                var count = expected.GetArrayLength();
                Assert.True(count == actual.GetArrayLength(), $"{path} should have {count} items in {body}");
                var i = 0;
                foreach (var (e, a) in expected.EnumerateArray().Zip(actual.EnumerateArray()))
                {
                    Match(e, a, $"{path}[{i++}]", body);
                }

                break;
            case JsonValueKind.String:
                Assert.True(expected.GetString() == actual.GetString(), $"{path} should be '{expected.GetString()}' in {body}");
                break;
            default:
                Assert.True(expected.GetRawText() == actual.GetRawText(), $"{path} should be {expected.GetRawText()} in {body}");
                break;
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex JsDate();
}
