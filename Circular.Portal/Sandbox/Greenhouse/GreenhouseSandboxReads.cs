namespace Circular.Portal.Sandbox.Greenhouse;

/// <summary>Harvest v3 list endpoints: bare arrays, id descending, filters as documented.</summary>
internal static class GreenhouseSandboxReads
{
    public static void Map(IEndpointRouteBuilder v3, GreenhouseSandboxHarvest harvest)
    {
        v3.MapGet("/jobs", Task<IResult> (HttpContext ctx) => harvest.ListAsync(ctx, "harvest:jobs:list", (a, q) => a.Jobs.Values.Where(j =>
            q.InIds("ids", j.Id) && Is(q.Text("status"), j.Status) && q.InIds("department_id", j.DepartmentId)
            && (q.Text("office_id") is null || j.OfficeIds.Any(o => q.InIds("office_id", o)))
            && q.InDates("created_at", j.CreatedAt) && q.InDates("updated_at", j.UpdatedAt)), j => j.Id));

        v3.MapGet("/job_posts", Task<IResult> (HttpContext ctx) => harvest.ListAsync(ctx, "harvest:job_posts:list", (a, q) => a.JobPosts.Values.Where(p =>
            q.InIds("ids", p.Id) && q.InIds("job_ids", p.JobId) && (q.Flag("active") ?? true) == p.Active
            && (q.Flag("live") is not { } live || live == p.Live)
            && q.InDates("created_at", p.CreatedAt) && q.InDates("updated_at", p.UpdatedAt)), p => p.Id));

        v3.MapGet("/departments", Task<IResult> (HttpContext ctx) => harvest.ListAsync(ctx, "harvest:departments:list",
            (a, q) => a.Departments.Values.Where(d => q.InIds("ids", d.Id)), d => d.Id));

        v3.MapGet("/offices", Task<IResult> (HttpContext ctx) => harvest.ListAsync(ctx, "harvest:offices:list",
            (a, q) => a.Offices.Values.Where(o => q.InIds("ids", o.Id)), o => o.Id));

        v3.MapGet("/job_interview_stages", Task<IResult> (HttpContext ctx) => harvest.ListAsync(ctx, "harvest:job_interview_stages:list",
            (a, q) => a.Stages.Values.SelectMany(s => s).Where(s => q.InIds("ids", s.Id) && q.InIds("job_ids", s.JobId)), s => s.Id));

        v3.MapGet("/users", Task<IResult> (HttpContext ctx) => harvest.ListAsync(ctx, "harvest:users:list", (a, q) => a.Users.Where(u =>
            q.InIds("ids", u.Id) && Is(q.Text("primary_email"), u.PrimaryEmail)), u => u.Id));

        v3.MapGet("/candidates", Task<IResult> (HttpContext ctx) => harvest.ListAsync(ctx, "harvest:candidates:list", (a, q) => a.Candidates.Values.Where(c =>
            q.InIds("ids", c.Id) && (q.Text("email") is not { } email || c.EmailAddresses.Any(e => Is(email, e.Value)))
            && q.InDates("created_at", c.CreatedAt) && q.InDates("updated_at", c.UpdatedAt)), c => c.Id));

        v3.MapGet("/applications", Task<IResult> (HttpContext ctx) => harvest.ListAsync(ctx, "harvest:applications:list", (a, q) => a.Applications.Values.Where(p =>
            q.InIds("ids", p.Id) && q.InIds("candidate_ids", p.CandidateId) && q.InIds("job_ids", p.JobId) && Is(q.Text("status"), p.Status)
            && q.InDates("created_at", p.CreatedAt) && q.InDates("updated_at", p.UpdatedAt)
            && q.InDates("last_activity_at", p.LastActivityAt)), p => p.Id));

        v3.MapGet("/attachments", Task<IResult> (HttpContext ctx) => harvest.ListAsync(ctx, "harvest:attachments:list", (a, q) => a.Attachments.Values.Where(t =>
            q.InIds("ids", t.Id) && q.InIds("application_ids", t.ApplicationId) && q.InIds("candidate_ids", t.CandidateId)), t => t.Id));

        v3.MapGet("/candidate_tags", Task<IResult> (HttpContext ctx) => harvest.ListAsync(ctx, "harvest:candidate_tags:list",
            (a, q) => a.Tags.Values.Where(t => q.InIds("ids", t.Id)), t => t.Id));

        v3.MapGet("/applied_candidate_tags", Task<IResult> (HttpContext ctx) => harvest.ListAsync(ctx, "harvest:applied_candidate_tags:list",
            (a, q) => a.AppliedTags.Values.Where(t => q.InIds("candidate_ids", t.CandidateId) && q.InIds("candidate_tag_ids", t.CandidateTagId)), t => t.Id));

        v3.MapGet("/sources", Task<IResult> (HttpContext ctx) => harvest.ListAsync(ctx, "harvest:sources:list",
            (a, q) => a.Sources.Values.Where(s => q.InIds("ids", s.Id)), s => s.Id));

        // Every reason here is a Greenhouse default, so include_defaults changes nothing.
        v3.MapGet("/rejection_reasons", Task<IResult> (HttpContext ctx) => harvest.ListAsync(ctx, "harvest:rejection_reasons:list",
            (a, q) => a.RejectionReasons.Values.Where(r => q.InIds("ids", r.Id)), r => r.Id));

        v3.MapGet("/rejection_details", Task<IResult> (HttpContext ctx) => harvest.ListAsync(ctx, "harvest:rejection_details:list",
            (a, q) => a.RejectionDetails.Values.Where(r => q.InIds("application_ids", r.ApplicationId)
                && q.InDates("created_at", r.CreatedAt) && q.InDates("updated_at", r.UpdatedAt)), r => r.Id));

        v3.MapGet("/notes", Task<IResult> (HttpContext ctx) => harvest.ListAsync(ctx, "harvest:notes:list",
            (a, q) => a.Notes.Values.Where(n => q.InIds("candidate_ids", n.CandidateId) && q.InIds("application_ids", n.ApplicationId)), n => n.Id));
    }

    private static bool Is(string? filter, string? value) => filter is null || string.Equals(filter, value, StringComparison.OrdinalIgnoreCase);
}
