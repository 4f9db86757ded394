using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Circular.Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class StatusPollingAndWebhookInbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "WebhookDeliveries",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "LastError",
                table: "WebhookDeliveries",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LockedUntil",
                table: "WebhookDeliveries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "NextAttemptAt",
                table: "WebhookDeliveries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "StatusesApplied",
                table: "SyncRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "StatusesSeen",
                table: "SyncRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "LastStatusPollAt",
                table: "AtsConnections",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastStatusPollError",
                table: "AtsConnections",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StatusCursor",
                table: "AtsConnections",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_ConnectionId_ProcessedAt_NextAttemptAt",
                table: "WebhookDeliveries",
                columns: new[] { "ConnectionId", "ProcessedAt", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WebhookDeliveries_ConnectionId_ProcessedAt_NextAttemptAt",
                table: "WebhookDeliveries");

            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "WebhookDeliveries");

            migrationBuilder.DropColumn(
                name: "LastError",
                table: "WebhookDeliveries");

            migrationBuilder.DropColumn(
                name: "LockedUntil",
                table: "WebhookDeliveries");

            migrationBuilder.DropColumn(
                name: "NextAttemptAt",
                table: "WebhookDeliveries");

            migrationBuilder.DropColumn(
                name: "StatusesApplied",
                table: "SyncRuns");

            migrationBuilder.DropColumn(
                name: "StatusesSeen",
                table: "SyncRuns");

            migrationBuilder.DropColumn(
                name: "LastStatusPollAt",
                table: "AtsConnections");

            migrationBuilder.DropColumn(
                name: "LastStatusPollError",
                table: "AtsConnections");

            migrationBuilder.DropColumn(
                name: "StatusCursor",
                table: "AtsConnections");
        }
    }
}
