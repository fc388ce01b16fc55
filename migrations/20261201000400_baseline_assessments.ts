import type { Knex } from 'knex';

// Baseline of release 0.1.0: exam attempts, their saved answers, and the extra attempts,
// time or cycles trainers grant.

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('attempts', (t) => {
    t.string('id', 36).primary();
    t.string('learner_course_id', 36).notNullable().references('learner_courses.id');
    t.string('version_id', 36).notNullable().references('course_versions.id');
    t.string('launch_id', 36).nullable().references('launches.id'); // where the score goes back to
    t.integer('cycle').notNullable(); // a trainer may open a new cycle after the last failed attempt
    t.integer('number').notNullable(); // 1, 2, 3 within the cycle
    t.string('track', 64).nullable();
    t.string('status', 16).notNullable(); // in_progress | submitted
    t.text('form').notNullable(); // JSON: drawn item keys with their option order
    t.bigInteger('started_at').notNullable();
    t.bigInteger('deadline_at').nullable();
    t.bigInteger('submitted_at').nullable();
    t.integer('saves').notNullable().defaultTo(0); // bumped by every save: the write locks the row against a submit in progress
    t.double('points').nullable();
    t.integer('max_points').nullable();
    t.double('percent').nullable();
    t.integer('passed').nullable(); // 0/1
    t.text('missed_objectives').nullable(); // JSON [objective id]
    t.unique(['learner_course_id', 'cycle', 'number']);
  });
  await knex.schema.createTable('attempt_answers', (t) => {
    t.string('attempt_id', 36).notNullable().references('attempts.id').onDelete('CASCADE');
    t.string('item_key', 64).notNullable();
    t.text('response').notNullable(); // JSON
    t.double('points').nullable(); // set when the attempt is scored
    t.bigInteger('answered_at').notNullable();
    t.primary(['attempt_id', 'item_key']);
  });
  await knex.schema.createTable('attempt_grants', (t) => {
    t.string('id', 36).primary();
    t.string('learner_course_id', 36).notNullable().references('learner_courses.id');
    t.string('kind', 16).notNullable(); // extra_attempt | extra_time | new_cycle
    t.integer('amount').notNullable(); // attempts, or minutes
    t.string('granted_by', 36).notNullable();
    t.text('reason').notNullable();
    t.bigInteger('created_at').notNullable();
    t.index(['learner_course_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('attempt_grants');
  await knex.schema.dropTable('attempt_answers');
  await knex.schema.dropTable('attempts');
}
