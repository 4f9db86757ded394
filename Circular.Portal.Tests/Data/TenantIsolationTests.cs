using Circular.Portal.Data;
using Circular.Portal.Marketplace;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Tests.Data;

public sealed class TenantIsolationTests
{
    [Fact]
    public async Task A_company_sees_only_its_own_rows()
    {
        await using var db = await TestDb.CreateAsync();
        var a = await db.SeedCompanyAsync("Acme");
        var b = await db.SeedCompanyAsync("Globex");
        await using var scope = db.For(a.CompanyId);
        await using var context = await scope.Factory.CreateDbContextAsync();

        Assert.Equal([a.JobId], await context.Jobs.Select(j => j.Id).ToListAsync());
        Assert.Null(await context.Jobs.SingleOrDefaultAsync(j => j.Id == b.JobId));
        Assert.Null(await context.Applications.SingleOrDefaultAsync(x => x.Id == b.ApplicationId));
        Assert.All(await context.Candidates.ToListAsync(), c => Assert.Equal(a.CompanyId, c.CompanyId));
    }

    [Fact]
    public async Task Moving_another_companys_application_answers_not_found()
    {
        await using var db = await TestDb.CreateAsync();
        var a = await db.SeedCompanyAsync("Acme");
        var b = await db.SeedCompanyAsync("Globex");
        await using var scope = db.For(a.CompanyId);

        var result = await scope.Workflow.RequestInterviewAsync(b.ApplicationId, "admin@acme.example", default);

        Assert.Equal(StageMoveOutcome.NotFound, result.Outcome);
    }

    [Fact]
    public async Task The_save_guard_refuses_a_row_of_another_company()
    {
        await using var db = await TestDb.CreateAsync();
        var a = await db.SeedCompanyAsync("Acme");
        var b = await db.SeedCompanyAsync("Globex");
        await using var scope = db.For(a.CompanyId);
        await using var context = await scope.Factory.CreateDbContextAsync();

        context.Jobs.Add(new Job { CompanyId = b.CompanyId, Title = "Planted job" });

        await Assert.ThrowsAsync<TenantViolationException>(() => context.SaveChangesAsync());
    }

    [Fact]
    public async Task The_save_guard_refuses_moving_a_row_to_another_company()
    {
        await using var db = await TestDb.CreateAsync();
        var a = await db.SeedCompanyAsync("Acme");
        var b = await db.SeedCompanyAsync("Globex");
        await using var scope = db.For(a.CompanyId);
        await using var context = await scope.Factory.CreateDbContextAsync();
        var job = await context.Jobs.SingleAsync(j => j.Id == a.JobId);

        job.CompanyId = b.CompanyId;

        await Assert.ThrowsAsync<TenantViolationException>(() => context.SaveChangesAsync());
    }

    [Fact]
    public async Task New_rows_get_the_scopes_company()
    {
        await using var db = await TestDb.CreateAsync();
        var a = await db.SeedCompanyAsync("Acme");
        await using var scope = db.For(a.CompanyId);
        await using var context = await scope.Factory.CreateDbContextAsync();

        var job = new Job { Title = "Data Analyst" };
        context.Jobs.Add(job);
        await context.SaveChangesAsync();

        Assert.Equal(a.CompanyId, job.CompanyId);
        Assert.Equal(db.Clock.GetUtcNow(), job.CreatedAt);
    }

    [Fact]
    public async Task Without_a_company_in_scope_nothing_company_owned_can_be_saved()
    {
        await using var db = await TestDb.CreateAsync();
        await db.SeedCompanyAsync("Acme");
        await using var scope = db.Anonymous();
        await using var context = await scope.Factory.CreateDbContextAsync();

        context.Jobs.Add(new Job { Title = "Orphan" });

        await Assert.ThrowsAsync<TenantViolationException>(() => context.SaveChangesAsync());
        Assert.Empty(await context.Jobs.ToListAsync());
    }
}
