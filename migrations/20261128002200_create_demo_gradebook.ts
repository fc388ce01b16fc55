import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
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
}
