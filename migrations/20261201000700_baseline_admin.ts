import type { Knex } from 'knex';

// Baseline of release 0.1.0: the audit log and each institution's support contacts.

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_log', (t) => {
    t.string('id', 36).primary();
    t.bigInteger('at').notNullable().index();
    t.string('actor', 255).notNullable(); // user id, "cli" or "system"
    t.string('action', 64).notNullable();
    t.string('subject', 255).nullable();
    t.text('details').notNullable(); // JSON, never secrets
  });
  // Support contacts shown under "Help": each institution sets its own (brief 4.4).
  await knex.schema.createTable('deployment_support', (t) => {
    t.string('deployment_id', 36).primary().references('deployments.id').onDelete('CASCADE');
    t.text('staff_support').notNullable();
    t.text('victim_support').notNullable();
    t.string('updated_by', 36).notNullable();
    t.bigInteger('updated_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('deployment_support');
  await knex.schema.dropTable('audit_log');
}
