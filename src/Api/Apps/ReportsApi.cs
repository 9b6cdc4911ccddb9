using ChatBlock.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatBlock.Api.Apps;

/// <summary>
/// Reports for an app's moderators (SPEC section 10, "Report and block in one call"): read with the app's server key, as the rest
/// of the server API.
/// </summary>
public static class ReportsApi
{
    /// <summary>Maps <c>GET /apps/{appId}/reports</c>.</summary>
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/apps/{appId}/reports", ListAsync).WithTags(AppsApi.Tag).RequireAuthorization(AppsApi.Policy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }

    /// <summary>
    /// The reports made by users of <paramref name="appId"/>, newest first, one page (<c>limit</c> 1-100, default 50; <c>cursor</c>
    /// from <c>nextCursor</c>), each with copies of the messages it lists.
    /// </summary>
    public static async Task<Ok<ReportListResponse>> ListAsync(
        string appId, [AsParameters] ReportPageRequest paging, IChatStore store, CancellationToken cancellationToken)
    {
        var reports = await store.GetReportsAsync(appId, paging.Before, paging.Size + 1, cancellationToken);
        var page = reports.Take(paging.Size).Select(ToResponse).ToList();
        var next = reports.Count > paging.Size ? ReportPageRequest.Encode(reports[paging.Size - 1].Seq) : null;
        return TypedResults.Ok(new ReportListResponse(page, next));
    }

    private static ReportResponse ToResponse(ReportRecord report) => new(
        report.Id, report.Reason, report.Comment, report.CreatedAt,
        new ReportUser(report.Reporter.Id, report.Reporter.Username), new ReportUser(report.Reported.Id, report.Reported.Username),
        [.. report.Messages.Select(m => new ReportedMessage(m.Id, m.ConversationId, m.SenderId, m.Content, m.MessageType, m.CreatedAt))]);
}
