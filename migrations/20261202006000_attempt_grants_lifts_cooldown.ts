import type { Knex } from 'knex';

// A trainer who grants an extra attempt may also lift the cool-down that would otherwise make
// the learner wait. Grants made before this column existed did not lift it: 0.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('attempt_grants', (t) => {
    t.integer('lifts_cooldown').notNullable().defaultTo(0); // 0/1
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('attempt_grants', (t) => {
    t.dropColumn('lifts_cooldown');
  });
}
