using ChatBlock.Api.Infrastructure;
using ChatBlock.Api.Web;

var builder = WebApplication.CreateBuilder(args);

// Silo (grains, storage), auth, problem details, rate limits, OpenAPI, health.
builder.Services.AddChatApi(builder.Configuration);

var app = builder.Build();

// Errors become problem details; the web client's files; then routing, auth, id validation, rate limits, activity.
app.UseApiProblemDetails();
app.UseWebClient();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseRouteIdValidation();
app.UseRateLimiter();
app.UseLastSeen();

// Routes.
app.MapChatApi();

app.Run();

/// <summary>Entry point; public so that tests can host it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
