import { format, parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { connectDb, migrateToLatest, type Db } from './db/index.js';
import { AppError } from './errors.js';
import { systemClock } from './lib/clock.js';
import { createPlatforms, createToolKeys } from './lti/index.js';
import { coursePackageDirs, importCoursePackage } from './courses/index.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from './paths.js';
import { prepareInstallation } from './startup.js';
import type { Config } from './config.js';

type Command = (args: string[], ctx: { db: Db; config: Config; env: CliIo['env']; out: (line: string) => void }) => Promise<void>;

const USAGE = `Usage: npm run cli -- <command>

  platform add --issuer URL --client-id ID --auth-url URL --token-url URL --jwks-url URL
               --deployment ID [--deployment ID ...] [--name TEXT] [--auth-server URL] [--frame-origin URL ...]
  platform list
  platform disable|enable --issuer URL --client-id ID [--deployment ID]
                            the whole platform, or one of its deployments; sessions from it end at once
  keys list
  keys rotate
  keys retire KID
  keys reencrypt --from-secret-env VAR
                            re-encrypt the tool keys stored under the old SESSION_SECRET held in VAR
  courses import [DIR]      a package folder, or a folder of packages (default: COURSES_DIR)`;

const platformAdd: Command = async (args, { db, out }) => {
  const { values } = parseArgs({
    args,
    options: {
      issuer: { type: 'string' },
      'client-id': { type: 'string' },
      'auth-url': { type: 'string' },
      'token-url': { type: 'string' },
      'jwks-url': { type: 'string' },
      'auth-server': { type: 'string' },
      deployment: { type: 'string', multiple: true },
      'frame-origin': { type: 'string', multiple: true },
      name: { type: 'string' },
    },
  });
  const missing = ['issuer', 'client-id', 'auth-url', 'token-url', 'jwks-url', 'deployment'].filter((name) => !values[name as keyof typeof values]);
  if (missing.length > 0) throw new AppError('usage', 2, `platform add needs ${missing.map((name) => `--${name}`).join(', ')}`);
  const platform = await createPlatforms({ db, clock: systemClock }).register({
    issuer: values.issuer as string,
    clientId: values['client-id'] as string,
    authUrl: values['auth-url'] as string,
    tokenUrl: values['token-url'] as string,
    jwksUrl: values['jwks-url'] as string,
    authServer: values['auth-server'],
    deploymentIds: values.deployment ?? [],
    frameOrigins: values['frame-origin'] ?? [],
    name: values.name,
  });
  out(`Registered ${platform.issuer} (client id ${platform.client_id}) with deployments: ${(values.deployment ?? []).join(', ')}`);
};

const platformList: Command = async (_args, { db, out }) => {
  const platforms = await createPlatforms({ db, clock: systemClock }).list();
  if (platforms.length === 0) return out('No platforms registered.');
  for (const p of platforms) {
    out(`${p.issuer}  client_id=${p.client_id}  status=${p.status}  deployments=${p.deployments.join(',') || '-'}`);
    out(`    auth=${p.auth_url}  token=${p.token_url}  jwks=${p.jwks_url}`);
  }
};

const platformStatus = (status: 'active' | 'disabled'): Command => async (args, { db, out }) => {
  const { values } = parseArgs({ args, options: { issuer: { type: 'string' }, 'client-id': { type: 'string' }, deployment: { type: 'string' } } });
  if (!values.issuer || !values['client-id']) throw new AppError('usage', 2, 'needs --issuer and --client-id');
  const platforms = createPlatforms({ db, clock: systemClock });
  if (values.deployment) {
    await platforms.setDeploymentStatus(values.issuer, values['client-id'], values.deployment, status);
    return out(`Deployment ${values.deployment} of ${values.issuer} (client id ${values['client-id']}) is now ${status}.`);
  }
  await platforms.setStatus(values.issuer, values['client-id'], status);
  out(`${values.issuer} (client id ${values['client-id']}) is now ${status}.`);
};

const toolKeys = (ctx: { db: Db; config: Config }) =>
  createToolKeys({ db: ctx.db, clock: systemClock, overlapHours: ctx.config.keyRotationOverlapHours, secret: ctx.config.sessionSecret });

const coursesImport: Command = async (args, { db, config, out }) => {
  const dir = fromRoot(args[0] ?? config.coursesDir);
  const dirs = existsSync(join(dir, 'course.yaml')) ? [dir] : coursePackageDirs(dir);
  if (dirs.length === 0) throw new AppError('usage', 2, `No course package (a folder with course.yaml) in ${dir}`);
  for (const packageDir of dirs) {
    const result = await importCoursePackage(db, packageDir, systemClock);
    out(result.created ? `Imported ${result.slug} as version ${result.number}.` : `${result.slug} is unchanged (version ${result.number}); nothing imported.`);
  }
};

const commands: Record<string, Command> = {
  'courses import': coursesImport,
  'platform add': platformAdd,
  'platform list': platformList,
  'platform disable': platformStatus('disabled'),
  'platform enable': platformStatus('active'),
  'keys list': async (_args, ctx) => {
    const signing = await toolKeys(ctx).currentKid();
    for (const key of await toolKeys(ctx).list()) {
      const state = key.retiredAt ? 'retired' : key.kid === signing ? 'signing' : key.signingFrom > Date.now() ? 'published, signs later' : 'published';
      ctx.out(`${key.kid}  ${state}  created=${new Date(key.createdAt).toISOString()}  signs-from=${new Date(key.signingFrom).toISOString()}`);
    }
  },
  'keys rotate': async (_args, ctx) => {
    const { kid, signingFrom } = await toolKeys(ctx).rotate();
    ctx.out(`New key ${kid} is published now and signs from ${new Date(signingFrom).toISOString()}.`);
  },
  'keys reencrypt': async (args, ctx) => {
    const { values } = parseArgs({ args, options: { 'from-secret-env': { type: 'string' } } });
    const variable = values['from-secret-env'];
    // The old secret comes from a variable the operator names, never from the command line (shell history, ps).
    const oldSecret = variable ? ctx.env[variable] : undefined;
    if (!variable || !oldSecret) throw new AppError('usage', 2, 'keys reencrypt needs --from-secret-env VAR, with the old SESSION_SECRET in VAR');
    const count = await toolKeys(ctx).reencrypt(oldSecret);
    await toolKeys(ctx).ensureKey();
    ctx.out(`Re-encrypted ${count} tool key(s) under the current SESSION_SECRET.`);
  },
  'keys retire': async (args, ctx) => {
    const kid = args[0];
    if (!kid) throw new AppError('usage', 2, 'keys retire needs the kid of the key');
    await toolKeys(ctx).retire(kid);
    ctx.out(`Key ${kid} is no longer published.`);
  },
};

/** What a CLI run reads and writes instead of the process's own environment and streams. */
export type CliIo = {
  env: Record<string, string | undefined>;
  out(line: string): void;
  err(line: string): void;
};

/** Runs one command and returns the exit code: 0 done, 2 usage error, 1 any other failure. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return await runCommand(argv, io);
  } catch (error) {
    if (error instanceof ConfigError) io.err(error.message);
    else if (error instanceof Error) io.err(`Error: ${error.message}`);
    else io.err(format(error));
    return error instanceof AppError && error.status === 2 ? 2 : 1;
  }
}

async function runCommand(argv: string[], { env, out }: CliIo): Promise<number> {
  const name = argv.slice(0, 2).join(' ');
  const command = commands[name];
  if (!command) {
    out(USAGE);
    return argv.length === 0 || argv[0] === 'help' ? 0 : 2;
  }
  const config = loadConfig(env);
  const db = connectDb(config.database);
  try {
    // keys reencrypt runs before the start-up check that the keys open under SESSION_SECRET: they do not yet.
    if (name === 'keys reencrypt') await migrateToLatest(db);
    else await prepareInstallation(config, db, systemClock, undefined, { importCourses: name !== 'courses import' });
    await command(argv.slice(2), { db, config, env, out });
    return 0;
  } finally {
    await db.destroy();
  }
}
