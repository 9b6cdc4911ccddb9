namespace ChatBlock.Tests.Events;

/// <summary>A registered user and their bearer token.</summary>
public sealed record TestUser(Guid Id, string Username, string Token);
