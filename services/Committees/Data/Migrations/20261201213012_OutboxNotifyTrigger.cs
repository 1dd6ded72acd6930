using Microsoft.EntityFrameworkCore.Migrations;
using Nacka.Messaging.Outbox;

#nullable disable

namespace Nacka.Committees.Data.Migrations
{
    /// <summary>The outbox wakes its dispatcher by a trigger, not by a statement after every save (see <see cref="OutboxWakeTrigger"/>).</summary>
    public partial class OutboxNotifyTrigger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            OutboxWakeTrigger.Create(migrationBuilder, "committees");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            OutboxWakeTrigger.Drop(migrationBuilder, "committees");
        }
    }
}
