import type { Knex } from 'knex';

// A learner's run of a course is shared by every LMS course they open it from, so a grant
// records the LMS course (context) it was made in: a trainer lists the grants of their own
// course, not those another trainer made elsewhere with their reasons. Grants made before
// this column existed have none, and are listed nowhere (they still count for the learner).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('attempt_grants', (t) => {
    t.string('context_id', 36).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('attempt_grants', (t) => {
    t.dropColumn('context_id');
  });
}
