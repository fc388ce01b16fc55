import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tool_keys', (t) => {
    t.string('kid', 64).primary();
    t.string('alg', 16).notNullable();
    t.text('public_jwk').notNullable();
    t.text('private_jwk').notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('signing_from').notNullable(); // used for signing from this time (overlap after rotation)
    t.bigInteger('retired_at').nullable(); // no longer published
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('tool_keys');
}
