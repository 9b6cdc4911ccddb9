namespace ChatBlock.Storage;

/// <summary>One row of a block list import (SPEC section 10): the user it names, by id or, when no id is given, by username.</summary>
/// <param name="UserId">The user's id; wins over <paramref name="Username"/> when both are given.</param>
/// <param name="Username">The user's name (matched in lower case); used only when <paramref name="UserId"/> is null.</param>
public sealed record BlockImportRow(Guid? UserId, string? Username);
