import type { Knex } from 'knex';

// Baseline of release 0.1.0: the LTI protocol tables (platforms and their deployments, the
// tool's keys, login state, cached access tokens).

// LMS identifiers are case-sensitive ("AbC" and "abc" are two users). SQLite compares them
// exactly already; MySQL's default collations fold case and accents, so pin them binary.
// (knex leaves collate out on SQLite.)
const BINARY = 'utf8mb4_bin';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('platforms', (t) => {
    t.string('id', 36).primary();
    t.string('issuer', 255).notNullable().collate(BINARY);
    t.string('client_id', 255).notNullable().collate(BINARY);
    t.string('name', 255).notNullable();
    t.string('auth_url', 1024).notNullable();
    t.string('token_url', 1024).notNullable();
    t.string('jwks_url', 1024).notNullable();
    t.string('auth_server', 1024).nullable();
    t.text('frame_origins').notNullable(); // JSON array of origins allowed to frame Beacon
    t.string('status', 16).notNullable(); // active | disabled
    t.bigInteger('created_at').notNullable();
    t.unique(['issuer', 'client_id']);
  });
  await knex.schema.createTable('deployments', (t) => {
    t.string('id', 36).primary();
    t.string('platform_id', 36).notNullable().references('platforms.id').onDelete('CASCADE');
    t.string('deployment_id', 255).notNullable().collate(BINARY);
    t.string('status', 16).notNullable(); // active | disabled
    t.bigInteger('created_at').notNullable();
    t.unique(['platform_id', 'deployment_id']);
  });
  await knex.schema.createTable('tool_keys', (t) => {
    t.string('kid', 64).primary();
    t.string('alg', 16).notNullable();
    t.text('public_jwk').notNullable();
    t.text('private_jwk').notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('signing_from').notNullable(); // used for signing from this time (overlap after rotation)
    t.bigInteger('retired_at').nullable(); // no longer published
  });
  await knex.schema.createTable('oidc_states', (t) => {
    t.string('state', 64).primary().collate(BINARY);
    t.string('nonce', 64).notNullable().collate(BINARY);
    t.string('platform_id', 36).notNullable().references('platforms.id').onDelete('CASCADE');
    t.string('deployment_id', 255).nullable(); // as announced at login, if it was
    t.string('target_link_uri', 1024).notNullable();
    // What the platform sent at login, so a launch whose cookie the browser dropped can be
    // started again in a new window (LTI.md 2, row 1).
    t.string('login_hint', 1024).notNullable();
    t.string('lti_message_hint', 2048).nullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at').notNullable().index();
    t.bigInteger('used_at').nullable();
  });
  // Client-credentials tokens for AGS and NRPS calls, cached until shortly before they expire.
  await knex.schema.createTable('access_tokens', (t) => {
    t.string('platform_id', 36).notNullable().references('platforms.id').onDelete('CASCADE');
    t.string('scopes', 512).notNullable(); // sorted, space-separated
    t.text('token').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.primary(['platform_id', 'scopes']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('access_tokens');
  await knex.schema.dropTable('oidc_states');
  await knex.schema.dropTable('tool_keys');
  await knex.schema.dropTable('deployments');
  await knex.schema.dropTable('platforms');
}
