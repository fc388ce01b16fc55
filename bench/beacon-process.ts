import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import knex from 'knex';

const run = promisify(execFile);
export const PUBLIC_URL = 'https://beacon.bench';

export type Engine = { name: 'sqlite' | 'mariadb'; env: Record<string, string>; cleanup(): Promise<void> };

export function sqliteEngine(): Engine {
  const dir = mkdtempSync(join(tmpdir(), 'beacon-bench-'));
  return { name: 'sqlite', env: { SQLITE_FILE: join(dir, 'bench.sqlite') }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

export async function mariadbEngine(baseUrl: string): Promise<Engine> {
  const name = `beacon_bench_${process.pid}`;
  const admin = knex({ client: 'mysql2', connection: { uri: baseUrl } as never });
  await admin.raw(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  await admin.destroy();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    name: 'mariadb',
    env: { DATABASE_URL: url.toString() },
    cleanup: async () => {
      const conn = knex({ client: 'mysql2', connection: { uri: baseUrl } as never });
      await conn.raw(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.destroy();
    },
  };
}

function baseEnv(engine: Engine, port: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    PUBLIC_URL,
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-1234',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    // The load generator is one address making thousands of logins a second.
    LOGIN_RATE_LIMIT_PER_MINUTE: '0',
    ...engine.env,
  };
}

export async function registerPlatform(engine: Engine, platform: { issuer: string; clientId: string; jwksUrl: string; deploymentId: string }): Promise<void> {
  await run(
    process.execPath,
    ['dist/cli.js', 'platform', 'add', '--issuer', platform.issuer, '--client-id', platform.clientId,
      '--auth-url', `${platform.issuer}/auth`, '--token-url', `${platform.issuer}/token`, '--jwks-url', platform.jwksUrl, '--deployment', platform.deploymentId],
    { env: baseEnv(engine, 0) },
  );
}

/** Starts the production build as its own process, as Beacon is deployed. */
export async function startBeaconProcess(engine: Engine, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['dist/main.js'], { env: baseEnv(engine, port), stdio: ['ignore', 'inherit', 'inherit'] });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error('Beacon did not start within 20 s');
}
