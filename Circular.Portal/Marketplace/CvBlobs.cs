using Circular.Portal.Data;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Marketplace;

/// <summary>A CV's bytes in the database, under the CV's generated stored name: on PostgreSQL every node reads the same CVs.</summary>
public sealed class CvBlob
{
    public required string StoredName { get; set; }
    public required byte[] Content { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// Where CVs live when several nodes share PostgreSQL (the <c>CvBlobs</c> table, mapped on PostgreSQL only; SQLite keeps
/// them as files in the data folder). A CV is at most <see cref="CvStore.MaxBytes"/>, validated on disk first.
/// </summary>
public sealed class CvBlobs(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static void Map(ModelBuilder builder) => builder.Entity<CvBlob>(b =>
    {
        b.ToTable("CvBlobs");
        b.HasKey(x => x.StoredName);
        b.Property(x => x.StoredName).HasMaxLength(64);
    });

    public async Task SaveAsync(string storedName, string path, CancellationToken ct)
    {
        var content = await File.ReadAllBytesAsync(path, ct);
        await WithDbAsync(async db =>
        {
            db.Set<CvBlob>().Add(new CvBlob { StoredName = storedName, Content = content, CreatedAt = clock.GetUtcNow() });
            await db.SaveChangesAsync(ct);
        });
    }

    public Stream? OpenRead(string storedName)
    {
        byte[]? content = null;
        WithDbAsync(async db => content = await db.Set<CvBlob>().Where(b => b.StoredName == storedName).Select(b => b.Content).SingleOrDefaultAsync())
            .GetAwaiter().GetResult();
        return content is null ? null : new MemoryStream(content, writable: false);
    }

    public void Delete(string storedName) =>
        WithDbAsync(db => db.Set<CvBlob>().Where(b => b.StoredName == storedName).ExecuteDeleteAsync()).GetAwaiter().GetResult();

    private async Task WithDbAsync(Func<PortalDbContext, Task> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().RunAsSystem(nameof(CvBlobs));
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        await work(db);
    }
}
