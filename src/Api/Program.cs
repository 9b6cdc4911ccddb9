using ChatBlock.Api.Auth;
using ChatBlock.Api.Blocks;
using ChatBlock.Api.Dialects;
using ChatBlock.Api.Events;
using ChatBlock.Api.Health;
using ChatBlock.Api.Infrastructure;
using ChatBlock.Api.Limits;
using ChatBlock.Api.Telemetry;
using ChatBlock.Api.Web;
using ChatBlock.Api.Webhooks;
using ChatBlock.Grains;
using ChatBlock.Silo.Runtime;
using ChatBlock.Storage;

var builder = WebApplication.CreateBuilder(args);
var services = builder.Services;
var configuration = builder.Configuration;

// Silo: the co-hosted grain runtime (activation, one call at a time, idle deactivation), as Orleans' UseOrleans.
services.AddSilo(configuration);
// Storage: SQLite in a data folder by default, or PostgreSQL / Memory (Storage:Provider), with the cluster channel.
services.AddChatStorage(configuration);
// Grains: users (block sets) and conversations (the send gate), accounts, blocking rules (Blocking section).
services.AddChatGrains(configuration);
// Auth: JWT bearer tokens (HS256), 401 auth.unauthorized as problem details, the current user from the token.
services.AddApiAuth(configuration);
// Problem details: every error is application/problem+json with code and traceId (SPEC section 4).
services.AddApiProblemDetails();
// Rate limits: registrations, sends and conversations per silo; blocks and sign-ins are counted in the database (SPEC section 11).
services.AddApiRateLimits(configuration);
// OpenAPI: the document at /openapi/v1.json.
services.AddOpenApi();
// Health: /healthz and /readyz (storage answers, silo not stopping); on SIGTERM the drain (Silo:DrainTimeout) before grains stop.
services.AddApiHealthChecks();
// Live events: the server-sent event stream and its cluster relay.
services.AddChatEvents(configuration);
// Route handlers' services.
services.AddChatEndpoints();
// Dialects: the routes and envelopes of the seeds' other clients (SPEC section 9).
services.AddDialects();
// Webhooks: block events of apps with a WebhookUrl, from the outbox, signed, retried with backoff (SPEC section 8).
services.AddWebhooks(configuration);
// Telemetry: the ChatBlock meter's silo gauges; OTLP export of traces and metrics when OTEL_EXPORTER_OTLP_ENDPOINT is set (issue 14).
services.AddChatTelemetry(configuration);

var app = builder.Build();
// Configuration checks first: a bad value stops the process with one line naming the key, exit code 1 (issue 14).
if (!StartupErrors.ConfigurationIsValid(app.Services))
{
    return 1;
}

// Errors become problem details; the web client's files; then routing, auth, id validation, rate limits, activity.
app.UseApiProblemDetails();
app.UseWebClient();
app.UseRouting();
app.UseAuthentication();
app.UseSubjectValidation();
app.UseAuthorization();
app.UseRouteIdValidation();
app.UseRateLimiter();
app.UseLastSeen();

// Routes: /api/v1, health probes, OpenAPI.
app.MapChatApi();

app.Run();
return 0;

/// <summary>Entry point; public so that tests can host it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
