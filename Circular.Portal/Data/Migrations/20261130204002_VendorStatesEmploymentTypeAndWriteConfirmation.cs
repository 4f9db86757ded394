using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Circular.Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class VendorStatesEmploymentTypeAndWriteConfirmation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "EmploymentType",
                table: "Jobs",
                type: "TEXT",
                maxLength: 20,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 20);

            migrationBuilder.AddColumn<bool>(
                name: "Internal",
                table: "AtsJobs",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "VendorState",
                table: "AtsJobs",
                type: "TEXT",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "WriteConfirmedAt",
                table: "AtsConnections",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Internal",
                table: "AtsJobs");

            migrationBuilder.DropColumn(
                name: "VendorState",
                table: "AtsJobs");

            migrationBuilder.DropColumn(
                name: "WriteConfirmedAt",
                table: "AtsConnections");

            migrationBuilder.AlterColumn<string>(
                name: "EmploymentType",
                table: "Jobs",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 20,
                oldNullable: true);
        }
    }
}
