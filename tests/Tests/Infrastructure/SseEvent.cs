using System.Text.Json;

namespace ChatBlock.Tests.Infrastructure;

/// <summary>One dispatched server-sent event.</summary>
public sealed record SseEvent(string? Id, string Type, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement.Clone();

    public override string ToString() => $"{Type} {Id} {(Data.Length > 200 ? Data[..200] + "..." : Data)}";
}
