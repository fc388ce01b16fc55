import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Small shared values that every process must agree on (for example the demo platform's key).
  await knex.schema.createTable('settings', (t) => {
    t.string('name', 64).primary();
    t.text('value').notNullable();
    t.bigInteger('updated_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('settings');
}
