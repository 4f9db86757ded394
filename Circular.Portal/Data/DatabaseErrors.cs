using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Data;

/// <summary>Tells a unique-index violation (someone stored the same thing first) from every other database failure.</summary>
public static class DatabaseErrors
{
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    public static bool IsUniqueViolation(this DbUpdateException exception) =>
        exception.InnerException is SqliteException { SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey };
}
