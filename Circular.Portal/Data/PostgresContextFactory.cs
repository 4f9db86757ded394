using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Data;

/// <summary>Hands out <see cref="PostgresPortalDbContext"/>s to everything that asks for a <see cref="PortalDbContext"/> factory.</summary>
internal sealed class PostgresContextFactory(IDbContextFactory<PostgresPortalDbContext> inner) : IDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<PortalDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}
