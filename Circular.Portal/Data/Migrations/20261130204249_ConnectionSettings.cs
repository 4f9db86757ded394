using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Circular.Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class ConnectionSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LastWebhookAt",
                table: "AtsConnections",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "WebhookSecretShownAt",
                table: "AtsConnections",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WebhookWarning",
                table: "AtsConnections",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            // Data fix-up: connections made before this migration showed their portal-made webhook secret when they were
            // created, so count it as shown then; from now on only Rotate shows a secret again. Both columns hold UTC ticks.
            migrationBuilder.Sql("UPDATE \"AtsConnections\" SET \"WebhookSecretShownAt\" = \"CreatedAt\" WHERE \"State\" <> 'Disconnected';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LastWebhookAt",
                table: "AtsConnections");

            migrationBuilder.DropColumn(
                name: "WebhookSecretShownAt",
                table: "AtsConnections");

            migrationBuilder.DropColumn(
                name: "WebhookWarning",
                table: "AtsConnections");
        }
    }
}
