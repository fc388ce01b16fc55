import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Support contacts shown under "Help": each institution sets its own (brief 4.4).
  await knex.schema.createTable('deployment_support', (t) => {
    t.string('deployment_id', 36).primary().references('deployments.id').onDelete('CASCADE');
    t.text('staff_support').notNullable();
    t.text('victim_support').notNullable();
    t.string('updated_by', 36).notNullable();
    t.bigInteger('updated_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('deployment_support');
}
