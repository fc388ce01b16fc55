import type { Knex } from 'knex';

// A module's completion rule from its package (JSON {sections, check}); null in versions imported
// before the rule existed, which means the default rule: every section reached, the check attempted.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('course_modules', (t) => {
    t.text('completion').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('course_modules', (t) => {
    t.dropColumn('completion');
  });
}
