import { z } from 'zod';

/**
 * Zod codecs for what the two drivers hand back, so a row is parsed into a domain type
 * next to its query and a wrong column fails a test rather than a page. MySQL returns
 * BIGINT and DECIMAL as strings and TINYINT booleans as 0/1; SQLite returns numbers; JSON
 * columns are text on both.
 */
function finite(value: string | bigint, ctx: z.core.$RefinementCtx): number {
  const n = Number(value);
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: 'custom', message: `not a number: ${String(value)}` });
    return z.NEVER;
  }
  return n;
}

// Codecs run on every row, some on every request: the common case (a number from SQLite,
// a null) is matched without a transform, which costs far more in zod than a plain check.

/** A number column: integers, ms timestamps (BIGINT) and doubles alike. Finite only. */
export const num = z.union([z.number(), z.union([z.string(), z.bigint()]).transform(finite)]);

export const bool01 = z.union([z.number(), z.string(), z.boolean()]).transform((value) => value === true || Number(value) === 1);

/** A JSON text column, parsed and then checked against the schema of what it holds. */
export function jsonText<T extends z.ZodType>(schema: T) {
  return z.string().transform((text, ctx): z.infer<T> => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not JSON' });
      return z.NEVER;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: parsed.error.issues[0]?.message ?? 'invalid JSON content' });
      return z.NEVER;
    }
    return parsed.data;
  });
}

/** JSON written by Beacon itself whose shape its own types already describe. */
export const jsonAny = z.string().transform((text) => JSON.parse(text) as unknown);

export const text = z.string();
export const nullableText = z.string().nullable().default(null);
export const nullableNum = z.union([z.number(), z.union([z.string(), z.bigint()]).transform((value) => Number(value))]).nullable().default(null);

/** Parses a row, naming the table when it does not fit, so the failing column is obvious. */
export function rowParser<T extends z.ZodType>(table: string, schema: T): (row: unknown) => z.infer<T> {
  return (row) => {
    const parsed = schema.safeParse(row);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new Error(`A ${table} row does not fit its codec: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  };
}
