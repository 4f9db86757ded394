using Circular.Portal.Data;
using Circular.Portal.Data.Audit;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Marketplace;

public sealed record JobEditResult(bool Succeeded, string Message, int? JobId = null, IReadOnlyDictionary<string, string[]>? Errors = null);

/// <summary>Creates, edits, publishes and closes Circular jobs. The validator runs again here, whatever the UI did.</summary>
public sealed class JobEditor(IDbContextFactory<PortalDbContext> dbFactory, IValidator<JobForm> validator, TimeProvider clock)
{
    public async Task<JobEditResult> CreateAsync(JobForm form, CancellationToken ct)
    {
        if (await InvalidAsync(form, ct) is { } invalid) return invalid;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.DemandWriteAsync("Job.Create", null, ct);
        var job = new Job { Title = form.Title.Trim() };
        Apply(job, form);
        db.Jobs.Add(job);
        await db.SaveChangesAsync(ct);
        return new JobEditResult(true, $"Job \"{job.Title}\" created as a draft.", job.Id);
    }

    public async Task<JobEditResult> UpdateAsync(int jobId, JobForm form, CancellationToken ct)
    {
        if (await InvalidAsync(form, ct) is { } invalid) return invalid;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.DemandWriteAsync("Job.Update", $"Job {jobId}", ct);
        var job = await db.Jobs.SingleOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null) return new JobEditResult(false, "That job does not exist.");
        Apply(job, form);
        await db.SaveChangesAsync(ct);
        return new JobEditResult(true, $"Job \"{job.Title}\" saved.", job.Id);
    }

    public Task<JobEditResult> PublishAsync(int jobId, CancellationToken ct) => SetStatusAsync(jobId, JobStatus.Published, ct);

    public Task<JobEditResult> CloseAsync(int jobId, CancellationToken ct) => SetStatusAsync(jobId, JobStatus.Closed, ct);

    private async Task<JobEditResult> SetStatusAsync(int jobId, JobStatus status, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.DemandWriteAsync($"Job.{status}", $"Job {jobId}", ct);
        var job = await db.Jobs.SingleOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null) return new JobEditResult(false, "That job does not exist.");
        if (job.Status == status) return new JobEditResult(true, $"The job is already {status.ToString().ToLowerInvariant()}.", job.Id);
        if (job.Status == JobStatus.Closed)
            return new JobEditResult(false, "A closed job cannot be published again; create a new job instead.", job.Id);
        job.Status = status;
        if (status == JobStatus.Published) job.PublishedAt = clock.GetUtcNow();
        if (status == JobStatus.Closed) job.ClosedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return new JobEditResult(true, $"Job \"{job.Title}\" {status.ToString().ToLowerInvariant()}.", job.Id);
    }

    private async Task<JobEditResult?> InvalidAsync(JobForm form, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(form, ct);
        return result.IsValid ? null : new JobEditResult(false, "Please correct the highlighted fields.", null, result.ToDictionary().AsReadOnly());
    }

    private static void Apply(Job job, JobForm form)
    {
        job.Title = form.Title.Trim();
        job.Location = form.Location.Trim();
        job.Department = form.Department.Trim();
        job.EmploymentType = form.EmploymentType;
        job.Description = form.Description.Trim();
    }
}
