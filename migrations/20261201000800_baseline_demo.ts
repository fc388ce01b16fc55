import type { Knex } from 'knex';

// Baseline of release 0.1.0: what the built-in demo platform keeps.

export async function up(knex: Knex): Promise<void> {
  // Small shared values that every process must agree on (for example the demo platform's
  // key). Only the demo writes it today, hence its place here.
  await knex.schema.createTable('settings', (t) => {
    t.string('name', 64).primary();
    t.text('value').notNullable();
    t.bigInteger('updated_at').notNullable();
  });
  // The demo platform's own gradebook, so a newcomer sees a score arrive in the "LMS".
  await knex.schema.createTable('demo_gradebook', (t) => {
    t.string('id', 36).primary();
    t.string('line_item', 255).notNullable();
    t.string('user_sub', 255).notNullable();
    t.double('score_given').nullable();
    t.double('score_maximum').nullable();
    t.string('activity_progress', 32).notNullable();
    t.string('grading_progress', 32).notNullable();
    t.string('timestamp', 40).notNullable();
    t.bigInteger('received_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('demo_gradebook');
  await knex.schema.dropTable('settings');
}
