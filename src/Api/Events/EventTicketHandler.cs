using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ChatBlock.Api.Events;

/// <summary>
/// The authentication scheme <see cref="SchemeName"/>: a stream ticket in <c>?ticket=</c> (<see cref="EventTickets"/>). Only the
/// stream route's policy lists it (<see cref="EventsSetup.StreamPolicy"/>); without the parameter it has no opinion.
/// </summary>
/// <remarks>
/// The 401 of a missing, expired, used or forged ticket is written by the bearer scheme's challenge (first in the policy), so it
/// is the same <c>auth.unauthorized</c> problem as everywhere; this scheme's own challenge adds nothing. The failure message
/// never contains the ticket.
/// </remarks>
public sealed class EventTicketHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, EventTickets tickets)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "EventTicket";

    /// <summary>The query parameter that carries the ticket.</summary>
    public const string QueryName = "ticket";

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Query[QueryName] is not [{ Length: > 0 } ticket])
        {
            return AuthenticateResult.NoResult();
        }

        var principal = await tickets.RedeemAsync(ticket, SchemeName, Context.RequestAborted);
        return principal is null
            ? AuthenticateResult.Fail("The stream ticket is malformed, expired or already used.")
            : AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => Task.CompletedTask;
}
