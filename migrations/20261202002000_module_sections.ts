import type { Knex } from 'knex';

// Evidence that a learner reached each section of a module: one row per section, written when
// the learner opens that section's page, so a module can be completed only after it was read.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('module_sections', (t) => {
    t.string('id', 36).primary();
    t.string('learner_course_id', 36).notNullable().references('learner_courses.id').onDelete('CASCADE');
    t.string('module_key', 64).notNullable();
    t.string('section', 96).notNullable(); // the section's heading id
    t.bigInteger('reached_at').notNullable();
    t.unique(['learner_course_id', 'module_key', 'section']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('module_sections');
}
