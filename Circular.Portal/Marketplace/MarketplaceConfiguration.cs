using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Circular.Portal.Marketplace;

public sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> b)
    {
        b.Property(j => j.Title).HasMaxLength(200);
        b.Property(j => j.Location).HasMaxLength(200);
        b.Property(j => j.Department).HasMaxLength(200);
        b.Property(j => j.Description).HasMaxLength(20_000);
        b.Property(j => j.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(j => j.EmploymentType).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(j => new { j.CompanyId, j.Status, j.UpdatedAt });
        b.HasIndex(j => new { j.CompanyId, j.Title });
        b.HasOne<Accounts.Company>().WithMany().HasForeignKey(j => j.CompanyId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class CandidateConfiguration : IEntityTypeConfiguration<Candidate>
{
    public void Configure(EntityTypeBuilder<Candidate> b)
    {
        b.Property(c => c.FirstName).HasMaxLength(100);
        b.Property(c => c.LastName).HasMaxLength(100);
        b.Property(c => c.Email).HasMaxLength(254);
        b.Property(c => c.Phone).HasMaxLength(40);
        b.Property(c => c.LinkedInUrl).HasMaxLength(300);
        b.OwnsOne(c => c.Cv, cv =>
        {
            cv.Property(f => f.StoredName).HasMaxLength(80);
            cv.Property(f => f.FileName).HasMaxLength(255);
            cv.Property(f => f.ContentType).HasMaxLength(100);
        });
        // One candidate per company and (normalised) email: concurrent intakes for one person meet here, not in a duplicate.
        b.HasIndex(c => new { c.CompanyId, c.Email }).IsUnique();
        b.HasIndex(c => new { c.CompanyId, c.LastName, c.FirstName });
        b.HasOne<Accounts.Company>().WithMany().HasForeignKey(c => c.CompanyId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ApplicationConfiguration : IEntityTypeConfiguration<Application>
{
    public void Configure(EntityTypeBuilder<Application> b)
    {
        b.Property(a => a.PlatformApplicationId).HasMaxLength(100);
        b.Property(a => a.Stage).HasConversion<string>().HasMaxLength(30);
        b.Property(a => a.Version).IsConcurrencyToken();
        b.HasIndex(a => a.PlatformApplicationId).IsUnique();
        b.HasIndex(a => new { a.CompanyId, a.JobId, a.Stage });
        b.HasIndex(a => new { a.CompanyId, a.CandidateId });
        b.HasOne(a => a.Job).WithMany().HasForeignKey(a => a.JobId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(a => a.Candidate).WithMany().HasForeignKey(a => a.CandidateId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(a => a.History).WithOne().HasForeignKey(h => h.ApplicationId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ApplicationStageChangeConfiguration : IEntityTypeConfiguration<ApplicationStageChange>
{
    public void Configure(EntityTypeBuilder<ApplicationStageChange> b)
    {
        b.Property(h => h.From).HasConversion<string>().HasMaxLength(30);
        b.Property(h => h.To).HasConversion<string>().HasMaxLength(30);
        b.Property(h => h.By).HasMaxLength(200);
        b.Property(h => h.ByUserId).HasMaxLength(450);
        b.Property(h => h.Reason).HasMaxLength(1000);
        b.HasIndex(h => new { h.ApplicationId, h.At });
    }
}
