using static Circular.Portal.Sandbox.Workable.WorkableSandboxApi;

namespace Circular.Portal.Sandbox.Workable;

internal static class WorkableSandboxJobEndpoints
{
    public static IResult Accounts(WorkableCall call)
    {
        var a = call.Account;
        return Json(new { accounts = new[] { new WireAccount(a.Subdomain, a.Name, a.Subdomain, null, $"{a.Name} hires with Workable.", null) } });
    }

    public static IResult Members(WorkableCall call)
    {
        var status = call.Query["status"].ToString() is { Length: > 0 } s ? s : "active";
        var email = call.Query["email"].ToString();
        lock (call.Account)
        {
            var members = call.Account.Members
                .Select((m, i) => (Member: m, Number: (long)i + 1))
                .Where(x => status == "all" || x.Member.Active == (status == "active"))
                .Where(x => email.Length == 0 || x.Member.Email.Equals(email, StringComparison.OrdinalIgnoreCase));
            return Json(WorkableSandboxPaging.Page(call.Http, "members", members, x => x.Number, x => Member(x.Member)));
        }
    }

    private static WireMember Member(WorkableMemberState m) =>
        new(m.Id, m.Name, null, m.Email, m.Role, [$"ats.{m.Role}"], m.Active);

    public static IResult Jobs(WorkableCall call)
    {
        var state = call.Query["state"].ToString();
        var createdAfter = WorkableSandboxPaging.Time(call.Query, "created_after");
        var updatedAfter = WorkableSandboxPaging.Time(call.Query, "updated_after");
        var fields = call.Query["include_fields"].ToString();
        var withDescription = fields.Contains("description", StringComparison.OrdinalIgnoreCase);
        lock (call.Account)
        {
            var jobs = call.Account.Jobs
                .Where(j => state.Length == 0 || j.State.Equals(state, StringComparison.OrdinalIgnoreCase))
                .Where(j => createdAfter is null || j.CreatedAt > createdAfter)
                .Where(j => updatedAfter is null || j.UpdatedAt > updatedAfter);
            return Json(WorkableSandboxPaging.Page(call.Http, "jobs", jobs, j => j.Number,
                j => WorkableSandboxProjection.Job(call.Account, j, withDescription)));
        }
    }

    public static IResult Job(WorkableCall call)
    {
        var shortcode = call.Http.GetRouteValue("shortcode") as string;
        lock (call.Account)
        {
            var job = call.Account.Jobs.FirstOrDefault(j => j.Shortcode == shortcode);
            return job is null ? Error(404, "Not found") : Json(WorkableSandboxProjection.Job(call.Account, job, true, detail: true));
        }
    }

    public static IResult Stages(WorkableCall call)
    {
        if (call.Http.GetRouteValue("shortcode") is string shortcode)
        {
            lock (call.Account)
            {
                if (call.Account.Jobs.All(j => j.Shortcode != shortcode)) return Error(404, "Not found");
            }
        }
        return Json(new { stages = WorkablePipeline.Stages.Select((s, i) => new WireStage(s.Slug, s.Name, s.Kind, i)).ToList() });
    }

    public static IResult Reasons(WorkableCall call) =>
        Json(new { disqualification_reasons = WorkablePipeline.Reasons.Select((r, i) => new WireReason(r.Id, r.Description, r.CandidateWithdrew, i)).ToList() });
}
