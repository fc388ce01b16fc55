import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { runCli } from '../../src/cli-commands.js';
import { connectDb, type Db } from '../../src/db/index.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const run = promisify(execFile);

type CliResult = { stdout: string; stderr: string };

/**
 * The commands in this process, settled like a spawned `npm run cli` would be: resolved
 * with its output when it exits 0, rejected with the exit code and output otherwise.
 */
async function runInProcess(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { env, out: (line) => (stdout += `${line}\n`), err: (line) => (stderr += `${line}\n`) });
  if (code !== 0) throw Object.assign(new Error(`cli ${args.join(' ')} exited with ${code}`), { code, stdout, stderr });
  return { stdout, stderr };
}

describe('npm run cli', () => {
  let database: TestDatabase;
  let db: Db;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    database = await createTestDatabase();
    db = connectDb(database.settings);
    const { BEACON_TEST_DB, TEST_DATABASE_URL, ...rest } = process.env;
    void BEACON_TEST_DB, TEST_DATABASE_URL;
    // The small sample course, as startBeacon uses: every command imports COURSES_DIR first.
    env = { ...rest, NODE_ENV: 'test', COURSES_DIR: 'test/fixtures/courses', ...(database.settings.kind === 'mysql' ? { DATABASE_URL: database.settings.url } : { SQLITE_FILE: database.settings.file }) };
  });
  after(async () => {
    await db.destroy();
    await database.drop();
  });

  const cli = (...args: string[]) => runInProcess(args, env);
  // The entry point itself, as `npm run cli` starts it.
  const spawnCli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env });

  it('platform add registers a platform with its deployments, and platform list shows it', async () => {
    const { stdout } = await cli(
      'platform', 'add',
      '--issuer', 'https://moodle.example.edu',
      '--client-id', 'abc123',
      '--auth-url', 'https://moodle.example.edu/mod/lti/auth.php',
      '--token-url', 'https://moodle.example.edu/mod/lti/token.php',
      '--jwks-url', 'https://moodle.example.edu/mod/lti/certs.php',
      '--deployment', '1', '--deployment', '2',
    );
    assert.match(stdout, /Registered https:\/\/moodle\.example\.edu/);
    const platform = await db('platforms').where({ issuer: 'https://moodle.example.edu' }).first();
    assert.equal(platform.client_id, 'abc123');
    const deployments = await db('deployments').where({ platform_id: platform.id }).orderBy('deployment_id');
    assert.deepEqual(deployments.map((d: { deployment_id: string }) => d.deployment_id), ['1', '2']);

    const list = await cli('platform', 'list');
    assert.match(list.stdout, /https:\/\/moodle\.example\.edu\s+client_id=abc123\s+status=active\s+deployments=1,2/);
  });

  it('refuses an incomplete or invalid platform with a clear message and writes nothing', async () => {
    const before = await db('platforms').count({ n: '*' }).first();
    await assert.rejects(cli('platform', 'add', '--issuer', 'https://x.example'), (error: { stderr: string; code: number }) => {
      assert.equal(error.code, 2);
      assert.match(error.stderr, /--client-id/);
      return true;
    });
    await assert.rejects(
      cli('platform', 'add', '--issuer', 'not-a-url', '--client-id', 'c', '--auth-url', 'https://a', '--token-url', 'https://a', '--jwks-url', 'https://a', '--deployment', '1'),
      (error: { stderr: string }) => /issuer/.test(error.stderr),
    );
    assert.deepEqual(await db('platforms').count({ n: '*' }).first(), before);
  });

  it('keys rotate publishes a second key and keys list shows which one signs', async () => {
    const { stdout } = await cli('keys', 'rotate');
    assert.match(stdout, /is published now and signs from/);
    const published = await db('tool_keys').whereNull('retired_at');
    assert.equal(published.length, 2);
    const list = await cli('keys', 'list');
    assert.match(list.stdout, /signing/);
    assert.match(list.stdout, /signs later/);
  });

  it('keys reencrypt moves the stored keys to a new SESSION_SECRET; until then the new secret is refused', async () => {
    const before = await cli('keys', 'list');
    const changed = { ...env, SESSION_SECRET: 'a-new-session-secret-of-at-least-32-chars', OLD_SECRET: env.SESSION_SECRET ?? 'beacon-development-secret-not-for-production' };
    const refusedWith = (code: number, pattern: RegExp) => (error: { code: number; stderr: string }) => error.code === code && pattern.test(error.stderr);
    await assert.rejects(runInProcess(['keys', 'list'], changed), refusedWith(1, /SESSION_SECRET does not open tool key/));
    const moved = await runInProcess(['keys', 'reencrypt', '--from-secret-env', 'OLD_SECRET'], changed);
    assert.match(moved.stdout, /Re-encrypted 2 tool key/);
    assert.equal((await runInProcess(['keys', 'list'], changed)).stdout, before.stdout);
    await assert.rejects(cli('keys', 'list'), refusedWith(1, /SESSION_SECRET/), 'the old secret no longer opens them');
    await assert.rejects(runInProcess(['keys', 'reencrypt'], changed), refusedWith(2, /--from-secret-env/));
    await runInProcess(['keys', 'reencrypt', '--from-secret-env', 'OLD_SECRET'], { ...env, OLD_SECRET: changed.SESSION_SECRET });
    assert.equal((await cli('keys', 'list')).stdout, before.stdout, 'and back again');
  });

  it('prints the usage for an unknown command and exits non-zero', async () => {
    await assert.rejects(spawnCli('frobnicate'), (error: { stdout: string; code: number }) => error.code === 2 && /Usage/.test(error.stdout));
  });
});
