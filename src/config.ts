import { z } from 'zod';

const Environment = z.enum(['development', 'test', 'production']);

const ConfigSchema = z
  .object({
    NODE_ENV: Environment.default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    PUBLIC_URL: z
      .string()
      .url('must be an absolute URL such as https://beacon.example.org')
      .default('http://localhost:3000')
      .transform((url) => url.replace(/\/+$/, '')),
    DATABASE_URL: z
      .string()
      .optional()
      .refine((url) => url === undefined || url === '' || /^mysql2?:\/\//.test(url), {
        message: 'must be unset (SQLite under data/) or a mysql://user:pass@host:3306/db URL',
      }),
    SQLITE_FILE: z.string().default('data/beacon.sqlite'),
    SESSION_SECRET: z.string().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    TRUST_PROXY: z.string().default('loopback'),
    LTI_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(60),
    LTI_ID_TOKEN_MAX_AGE_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
    KEY_ROTATION_OVERLAP_HOURS: z.coerce.number().min(0).max(24 * 30).default(24),
    COURSES_DIR: z.string().default('courses'),
    LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    if (!env.PUBLIC_URL.startsWith('https://')) {
      ctx.addIssue({
        code: 'custom',
        path: ['PUBLIC_URL'],
        message: 'must be an https:// URL in production (LMS iframes need Secure cookies)',
      });
    }
    if (!env.SESSION_SECRET || env.SESSION_SECRET.length < 32) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message: 'must be set to at least 32 random characters in production',
      });
    }
  });

export type Config = Readonly<{
  env: z.infer<typeof Environment>;
  port: number;
  publicUrl: string;
  /** True when PUBLIC_URL is https: cookies then go out SameSite=None; Secure; Partitioned. */
  secureCookies: boolean;
  database: { kind: 'sqlite'; file: string } | { kind: 'mysql'; url: string };
  sessionSecret: string;
  logLevel: string;
  trustProxy: string;
  lti: { clockToleranceSeconds: number; idTokenMaxAgeSeconds: number };
  keyRotationOverlapHours: number;
  coursesDir: string;
  /** LTI logins per client address and minute; 0 turns the limit off. */
  loginRateLimit: number;
  demoEnabled: boolean;
}>;

export class ConfigError extends Error {}

/** The only reader of process.env: validates it once and returns a frozen config. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const mysqlUrl = env.DATABASE_URL ? env.DATABASE_URL : undefined;
  const database: Config['database'] = mysqlUrl ? { kind: 'mysql', url: mysqlUrl } : { kind: 'sqlite', file: env.SQLITE_FILE };
  return Object.freeze({
    env: env.NODE_ENV,
    port: env.PORT,
    publicUrl: env.PUBLIC_URL,
    secureCookies: env.PUBLIC_URL.startsWith('https://'),
    database,
    // Outside production a fixed secret keeps `npm start` zero-config; production demands one.
    sessionSecret: env.SESSION_SECRET ?? 'beacon-development-secret-not-for-production',
    logLevel: env.LOG_LEVEL,
    trustProxy: env.TRUST_PROXY,
    lti: {
      clockToleranceSeconds: env.LTI_CLOCK_TOLERANCE_SECONDS,
      idTokenMaxAgeSeconds: env.LTI_ID_TOKEN_MAX_AGE_SECONDS,
    },
    keyRotationOverlapHours: env.KEY_ROTATION_OVERLAP_HOURS,
    coursesDir: env.COURSES_DIR,
    loginRateLimit: env.LOGIN_RATE_LIMIT_PER_MINUTE,
    demoEnabled: env.NODE_ENV !== 'production',
  });
}
