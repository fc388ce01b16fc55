import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_log', (t) => {
    t.string('id', 36).primary();
    t.bigInteger('at').notNullable().index();
    t.string('actor', 255).notNullable(); // user id, "cli" or "system"
    t.string('action', 64).notNullable();
    t.string('subject', 255).nullable();
    t.text('details').notNullable(); // JSON, never secrets
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_log');
}
