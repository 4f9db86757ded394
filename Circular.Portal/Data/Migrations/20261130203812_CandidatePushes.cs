using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Circular.Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class CandidatePushes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "RateLimitedUntil",
                table: "AtsConnections",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CandidatePushes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CompanyId = table.Column<int>(type: "INTEGER", nullable: false),
                    ConnectionId = table.Column<int>(type: "INTEGER", nullable: true),
                    ApplicationId = table.Column<int>(type: "INTEGER", nullable: false),
                    AtsJobId = table.Column<int>(type: "INTEGER", nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    WaitingReason = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    Marker = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LockedUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    LockedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    LastStatusCode = table.Column<int>(type: "INTEGER", nullable: true),
                    VendorCandidateId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    VendorApplicationId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    VendorRecordUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Result = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    TagStep = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SourceStep = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CvStep = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    LinkedInStep = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    NoteStep = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AttributionCheckedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AttributionTag = table.Column<bool>(type: "INTEGER", nullable: true),
                    AttributionSource = table.Column<bool>(type: "INTEGER", nullable: true),
                    AttributionCv = table.Column<bool>(type: "INTEGER", nullable: true),
                    AttributionLinkedIn = table.Column<bool>(type: "INTEGER", nullable: true),
                    AttributionError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    QueuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FirstAttemptAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DeadLetteredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RetriedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RetriedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DiscardedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DiscardedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CandidatePushes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CandidatePushes_Applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "Applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CandidatePushes_AtsConnections_ConnectionId",
                        column: x => x.ConnectionId,
                        principalTable: "AtsConnections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_CandidatePushes_AtsJobs_AtsJobId",
                        column: x => x.AtsJobId,
                        principalTable: "AtsJobs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "CandidatePushEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CompanyId = table.Column<int>(type: "INTEGER", nullable: false),
                    PushId = table.Column<long>(type: "INTEGER", nullable: false),
                    ApplicationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Attempt = table.Column<int>(type: "INTEGER", nullable: true),
                    By = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CandidatePushEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CandidatePushEvents_CandidatePushes_PushId",
                        column: x => x.PushId,
                        principalTable: "CandidatePushes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CandidatePushes_ApplicationId",
                table: "CandidatePushes",
                column: "ApplicationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CandidatePushes_AtsJobId",
                table: "CandidatePushes",
                column: "AtsJobId");

            migrationBuilder.CreateIndex(
                name: "IX_CandidatePushes_CompanyId_State",
                table: "CandidatePushes",
                columns: new[] { "CompanyId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_CandidatePushes_ConnectionId_State_NextAttemptAt",
                table: "CandidatePushes",
                columns: new[] { "ConnectionId", "State", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CandidatePushEvents_ApplicationId_At",
                table: "CandidatePushEvents",
                columns: new[] { "ApplicationId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_CandidatePushEvents_PushId",
                table: "CandidatePushEvents",
                column: "PushId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CandidatePushEvents");

            migrationBuilder.DropTable(
                name: "CandidatePushes");

            migrationBuilder.DropColumn(
                name: "RateLimitedUntil",
                table: "AtsConnections");
        }
    }
}
