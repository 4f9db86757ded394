using System.Globalization;

namespace Circular.Portal.Sandbox.Greenhouse;

/// <summary>
/// A recruiter renaming, closing, reopening or deleting a job in Greenhouse. Closing takes the job's posts offline; reopening
/// leaves them offline until someone republishes them (unconfirmed, but that is how the UI reads). Deleting removes the job
/// and marks its posts deleted (<c>active=false</c>); applications keep their job_id.
/// </summary>
internal static class GreenhouseSandboxJobs
{
    public static void Change(GreenhouseSandboxState state, string accountId, string jobId, SandboxJobChange change, string? newTitle)
    {
        var title = SandboxJobChanges.Title(change, newTitle);
        var a = state.Require(accountId);
        lock (a.Gate)
        {
            if (!long.TryParse(jobId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || !a.Jobs.TryGetValue(id, out var job))
            {
                throw SandboxJobChanges.NoJob("Greenhouse", accountId, jobId);
            }
            var now = state.Now();
            switch (change)
            {
                case SandboxJobChange.Rename:
                    a.Jobs[id] = job with { Name = title!, UpdatedAt = now };
                    break;
                case SandboxJobChange.Close:
                    a.Jobs[id] = job with { Status = "closed", ClosedAt = now, UpdatedAt = now };
                    Posts(a, id, p => p with { Live = false, UpdatedAt = now });
                    break;
                case SandboxJobChange.Reopen:
                    a.Jobs[id] = job with { Status = "open", OpenedAt = now, ClosedAt = null, UpdatedAt = now };
                    break;
                default:
                    a.Jobs.Remove(id);
                    Posts(a, id, p => p with { Live = false, Active = false, UpdatedAt = now });
                    break;
            }
        }
    }

    private static void Posts(GreenhouseSandboxAccount a, long jobId, Func<HvJobPost, HvJobPost> change)
    {
        foreach (var post in a.JobPosts.Values.Where(p => p.JobId == jobId).ToList()) a.JobPosts[post.Id] = change(post);
    }
}
