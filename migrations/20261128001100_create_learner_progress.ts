import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Which course (and module) a resource link shows, when a trainer chose it in Beacon.
  await knex.schema.createTable('placements', (t) => {
    t.string('resource_link_id', 36).primary().references('resource_links.id').onDelete('CASCADE');
    t.string('course_slug', 64).notNullable();
    t.string('module_key', 64).nullable();
    t.string('placed_by', 36).notNullable();
    t.bigInteger('placed_at').notNullable();
  });
  // A learner's run through one course: pinned to the version they started.
  await knex.schema.createTable('learner_courses', (t) => {
    t.string('id', 36).primary();
    t.string('user_id', 36).notNullable().references('users.id');
    t.string('course_slug', 64).notNullable();
    t.string('version_id', 36).notNullable().references('course_versions.id');
    t.string('track', 64).nullable();
    t.string('track_set_by', 36).nullable(); // the learner's own id, or the trainer's
    t.string('last_module_key', 64).nullable();
    t.bigInteger('started_at').notNullable();
    t.bigInteger('completed_at').nullable();
    t.bigInteger('updated_at').notNullable();
    t.unique(['user_id', 'course_slug']);
  });
  await knex.schema.createTable('module_progress', (t) => {
    t.string('id', 36).primary();
    t.string('learner_course_id', 36).notNullable().references('learner_courses.id').onDelete('CASCADE');
    t.string('module_key', 64).notNullable();
    t.string('status', 16).notNullable(); // in_progress | completed
    t.string('position', 96).nullable(); // id of the last section reached
    t.bigInteger('content_note_shown_at').nullable();
    t.bigInteger('started_at').notNullable();
    t.bigInteger('completed_at').nullable();
    t.bigInteger('updated_at').notNullable();
    t.unique(['learner_course_id', 'module_key']);
  });
  await knex.schema.createTable('check_attempts', (t) => {
    t.string('id', 36).primary();
    t.string('learner_course_id', 36).notNullable().references('learner_courses.id').onDelete('CASCADE');
    t.string('module_key', 64).notNullable();
    t.text('answers').notNullable(); // JSON
    t.double('score').notNullable(); // points
    t.double('max_score').notNullable();
    t.bigInteger('created_at').notNullable();
    t.index(['learner_course_id', 'module_key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('check_attempts');
  await knex.schema.dropTable('module_progress');
  await knex.schema.dropTable('learner_courses');
  await knex.schema.dropTable('placements');
}
