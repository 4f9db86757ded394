using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Circular.Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class StatusBackAndPlatformEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ApplicationAtsStatuses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CompanyId = table.Column<int>(type: "INTEGER", nullable: false),
                    ConnectionId = table.Column<int>(type: "INTEGER", nullable: false),
                    ApplicationId = table.Column<int>(type: "INTEGER", nullable: false),
                    VendorStatus = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    VendorReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ReasonKind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    ReasonId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    StageId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    StageName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ObservedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Resolution = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RejectedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CandidateVisibleAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApplicationAtsStatuses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApplicationAtsStatuses_Applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "Applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ApplicationAtsStatuses_AtsConnections_ConnectionId",
                        column: x => x.ConnectionId,
                        principalTable: "AtsConnections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PlatformEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CompanyId = table.Column<int>(type: "INTEGER", nullable: false),
                    ApplicationId = table.Column<int>(type: "INTEGER", nullable: false),
                    PlatformApplicationId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CandidateVisibleAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PublishAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DeliveryState = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LockedUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    LockedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    LastStatusCode = table.Column<int>(type: "INTEGER", nullable: true),
                    DeliveredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlatformEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlatformEvents_Applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "Applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StatusRules",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CompanyId = table.Column<int>(type: "INTEGER", nullable: false),
                    ConnectionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    TermId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Meaning = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatusRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StatusRules_AtsConnections_ConnectionId",
                        column: x => x.ConnectionId,
                        principalTable: "AtsConnections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PlatformDeliveryAttempts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CompanyId = table.Column<int>(type: "INTEGER", nullable: false),
                    EventId = table.Column<long>(type: "INTEGER", nullable: false),
                    Attempt = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    StatusCode = table.Column<int>(type: "INTEGER", nullable: true),
                    Succeeded = table.Column<bool>(type: "INTEGER", nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    DurationMs = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlatformDeliveryAttempts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlatformDeliveryAttempts_PlatformEvents_EventId",
                        column: x => x.EventId,
                        principalTable: "PlatformEvents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ApplicationAtsStatuses_ApplicationId",
                table: "ApplicationAtsStatuses",
                column: "ApplicationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApplicationAtsStatuses_ConnectionId_Resolution",
                table: "ApplicationAtsStatuses",
                columns: new[] { "ConnectionId", "Resolution" });

            migrationBuilder.CreateIndex(
                name: "IX_PlatformDeliveryAttempts_EventId_Attempt",
                table: "PlatformDeliveryAttempts",
                columns: new[] { "EventId", "Attempt" });

            migrationBuilder.CreateIndex(
                name: "IX_PlatformEvents_ApplicationId",
                table: "PlatformEvents",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_PlatformEvents_DeliveryState_NextAttemptAt",
                table: "PlatformEvents",
                columns: new[] { "DeliveryState", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PlatformEvents_PublishAt_Id",
                table: "PlatformEvents",
                columns: new[] { "PublishAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_StatusRules_ConnectionId_Kind_TermId",
                table: "StatusRules",
                columns: new[] { "ConnectionId", "Kind", "TermId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ApplicationAtsStatuses");

            migrationBuilder.DropTable(
                name: "PlatformDeliveryAttempts");

            migrationBuilder.DropTable(
                name: "StatusRules");

            migrationBuilder.DropTable(
                name: "PlatformEvents");
        }
    }
}
