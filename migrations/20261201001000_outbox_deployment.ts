import type { Knex } from 'knex';

// Administrators act on the deployment they launched from (docs/architecture.md, tenancy):
// a parked score is shown to the administrators of the deployment whose launch it came from.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox', (t) => {
    t.string('deployment_id', 36).nullable();
    t.index(['deployment_id', 'status'], 'outbox_deployment_status_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox', (t) => {
    t.dropIndex(['deployment_id', 'status'], 'outbox_deployment_status_index');
    t.dropColumn('deployment_id');
  });
}
