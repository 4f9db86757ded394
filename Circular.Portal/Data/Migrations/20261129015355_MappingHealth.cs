using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Circular.Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class MappingHealth : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Health",
                table: "JobLinks",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Healthy");

            migrationBuilder.AddColumn<string>(
                name: "HealthNotice",
                table: "JobLinks",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "HealthSince",
                table: "JobLinks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "MissingSince",
                table: "AtsJobs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LastFullSyncAt",
                table: "AtsConnections",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Health",
                table: "JobLinks");

            migrationBuilder.DropColumn(
                name: "HealthNotice",
                table: "JobLinks");

            migrationBuilder.DropColumn(
                name: "HealthSince",
                table: "JobLinks");

            migrationBuilder.DropColumn(
                name: "MissingSince",
                table: "AtsJobs");

            migrationBuilder.DropColumn(
                name: "LastFullSyncAt",
                table: "AtsConnections");
        }
    }
}
