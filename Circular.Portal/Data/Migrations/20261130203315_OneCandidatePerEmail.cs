using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Circular.Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class OneCandidatePerEmail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Hand-written data fix-up: before this migration, concurrent intakes could create one candidate per call
            // for the same company and email. Merge each such group into its oldest row (lowest Id) before the unique
            // index goes on. Emails are compared as the intake normalises them (trimmed, lower case).

            // 1. A keeper without a CV takes the newest CV among its duplicates (the others' files stay on disk, unused).
            migrationBuilder.Sql("""
                UPDATE Candidates
                SET (Cv_StoredName, Cv_FileName, Cv_ContentType, Cv_SizeBytes) = (
                    SELECT d.Cv_StoredName, d.Cv_FileName, d.Cv_ContentType, d.Cv_SizeBytes
                    FROM Candidates AS d
                    WHERE d.CompanyId = Candidates.CompanyId AND lower(trim(d.Email)) = lower(trim(Candidates.Email))
                      AND d.Id <> Candidates.Id AND d.Cv_StoredName IS NOT NULL
                    ORDER BY d.Id DESC LIMIT 1)
                WHERE Cv_StoredName IS NULL
                  AND NOT EXISTS (SELECT 1 FROM Candidates AS k
                                  WHERE k.CompanyId = Candidates.CompanyId AND lower(trim(k.Email)) = lower(trim(Candidates.Email)) AND k.Id < Candidates.Id)
                  AND EXISTS (SELECT 1 FROM Candidates AS d
                              WHERE d.CompanyId = Candidates.CompanyId AND lower(trim(d.Email)) = lower(trim(Candidates.Email))
                                AND d.Id <> Candidates.Id AND d.Cv_StoredName IS NOT NULL);
                """);

            // 2. Every application of a duplicate moves to the keeper.
            migrationBuilder.Sql("""
                UPDATE Applications
                SET CandidateId = (
                    SELECT MIN(k.Id) FROM Candidates AS k JOIN Candidates AS c ON c.Id = Applications.CandidateId
                    WHERE k.CompanyId = c.CompanyId AND lower(trim(k.Email)) = lower(trim(c.Email)))
                WHERE CandidateId IN (
                    SELECT c.Id FROM Candidates AS c
                    WHERE EXISTS (SELECT 1 FROM Candidates AS k
                                  WHERE k.CompanyId = c.CompanyId AND lower(trim(k.Email)) = lower(trim(c.Email)) AND k.Id < c.Id));
                """);

            // 3. The duplicates, now without applications, go.
            migrationBuilder.Sql("""
                DELETE FROM Candidates
                WHERE EXISTS (SELECT 1 FROM Candidates AS k
                              WHERE k.CompanyId = Candidates.CompanyId AND lower(trim(k.Email)) = lower(trim(Candidates.Email)) AND k.Id < Candidates.Id);
                """);

            // 4. Stored emails take the normalised form the unique index compares.
            migrationBuilder.Sql("UPDATE Candidates SET Email = lower(trim(Email)) WHERE Email <> lower(trim(Email));");

            migrationBuilder.DropIndex(
                name: "IX_Candidates_CompanyId_Email",
                table: "Candidates");

            migrationBuilder.CreateIndex(
                name: "IX_Candidates_CompanyId_Email",
                table: "Candidates",
                columns: new[] { "CompanyId", "Email" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Candidates_CompanyId_Email",
                table: "Candidates");

            migrationBuilder.CreateIndex(
                name: "IX_Candidates_CompanyId_Email",
                table: "Candidates",
                columns: new[] { "CompanyId", "Email" });
        }
    }
}
