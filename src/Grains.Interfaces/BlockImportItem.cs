namespace ChatBlock.Grains;

/// <summary>One row of a block list import (SPEC section 10): a user named by id or, when no id is given, by username.</summary>
/// <param name="UserId">The user's id; wins over <paramref name="Username"/> when both are given.</param>
/// <param name="Username">The user's name (any case); used only when <paramref name="UserId"/> is null.</param>
public sealed record BlockImportItem(Guid? UserId, string? Username)
{
    /// <summary>How the row named its user, for the report: the id in <c>"D"</c> form, else the username as given.</summary>
    public string Given => UserId?.ToString("D") ?? Username ?? string.Empty;
}
