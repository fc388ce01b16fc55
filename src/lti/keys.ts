import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { z } from 'zod';
import { jsonText, nullableNum, num, rowParser, text, type Executor } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import { isSealed, keyEnvelope, type KeyEnvelope } from './key-envelope.js';

export const TOOL_KEY_ALG = 'RS256';

export type PublicJwk = JWK & { kid: string; alg: string; use: 'sig' };
export type SigningKey = { kid: string; key: CryptoKey | Uint8Array };

// The JWKs keep every member jose wrote (n, e, d, p, q ...): loose objects, checked for what Beacon relies on.
const PublicJwkSchema = z.looseObject({ kty: z.string(), kid: z.string(), alg: z.string(), use: z.literal('sig') }) satisfies z.ZodType<PublicJwk>;
const PrivateJwkSchema = z.looseObject({ kty: z.string(), d: z.string() }) satisfies z.ZodType<JWK>;

const toKeyListing = rowParser(
  'tool_keys',
  z.object({ kid: text, created_at: num, signing_from: num, retired_at: nullableNum }).transform((row) => ({ kid: row.kid, createdAt: row.created_at, signingFrom: row.signing_from, retiredAt: row.retired_at })),
);
const toPublicJwk = rowParser('tool_keys', z.object({ public_jwk: jsonText(PublicJwkSchema) }).transform((row): PublicJwk => row.public_jwk));
const toPrivateJwk = rowParser('tool_keys', z.object({ private_jwk: jsonText(PrivateJwkSchema) }).transform((row): JWK => row.private_jwk));
const toKid = rowParser('tool_keys', z.object({ kid: text }).transform((row) => row.kid));
const toStoredKey = rowParser('tool_keys', z.object({ kid: text, private_jwk: text }));

async function makeKey(): Promise<{ kid: string; publicJwk: PublicJwk; privateJwk: JWK }> {
  const { publicKey, privateKey } = await generateKeyPair(TOOL_KEY_ALG, { modulusLength: 2048, extractable: true });
  const pub = await exportJWK(publicKey);
  // The thumbprint is stable for the key's lifetime and reveals nothing of the private half.
  const kid = await calculateJwkThumbprint(pub);
  return { kid, publicJwk: { ...pub, kid, alg: TOOL_KEY_ALG, use: 'sig' }, privateJwk: await exportJWK(privateKey) };
}

async function insertKey(db: Executor, envelope: KeyEnvelope, signingFrom: number, createdAt: number): Promise<string> {
  const key = await makeKey();
  await db('tool_keys').insert({
    kid: key.kid,
    alg: TOOL_KEY_ALG,
    public_jwk: JSON.stringify(key.publicJwk),
    private_jwk: envelope.seal(key.kid, JSON.stringify(key.privateJwk)),
    created_at: createdAt,
    signing_from: signingFrom,
    retired_at: null,
  });
  return key.kid;
}

function publishedKeys(db: Executor) {
  return db('tool_keys').whereNull('retired_at');
}

/** The private JWK of a stored row, opened with the envelope (or read as it is, if stored in clear). */
function openPrivateJwk(envelope: KeyEnvelope, row: unknown): JWK {
  const stored = toStoredKey(row);
  return toPrivateJwk({ private_jwk: envelope.open(stored.kid, stored.private_jwk) });
}

/** Seals every stored private key anew under `to`, opening each with `from` (rows in clear open with any). */
async function resealAll(db: Executor, from: KeyEnvelope, to: KeyEnvelope, onlyClear: boolean): Promise<number> {
  const rows = (await db('tool_keys').select('kid', 'private_jwk')).map(toStoredKey);
  let count = 0;
  for (const row of rows) {
    if (onlyClear && isSealed(row.private_jwk)) continue;
    const plain = JSON.stringify(openPrivateJwk(from, row));
    await db('tool_keys').where({ kid: row.kid }).update({ private_jwk: to.seal(row.kid, plain) });
    count += 1;
  }
  return count;
}

/**
 * `secret` is SESSION_SECRET: the private keys are stored encrypted under it (see
 * key-envelope.ts), in development too, where the secret is a known value; one path, tested.
 */
export function createToolKeys(deps: { db: Executor; clock: Clock; overlapHours: number; secret: string }) {
  const { db, clock } = deps;
  const envelope = keyEnvelope(deps.secret);
  let cachedSigner: { kid: string; key: CryptoKey | Uint8Array; until: number } | null = null;

  return {
    /**
     * At start: creates the first key on a new installation, encrypts any key an older
     * Beacon stored in clear, and fails (naming SESSION_SECRET) when the secret does not
     * open the published keys, rather than at the first launch.
     */
    async ensureKey(): Promise<void> {
      const existing = await publishedKeys(db).first('kid');
      if (!existing) await insertKey(db, envelope, clock.now(), clock.now());
      await resealAll(db, envelope, envelope, true);
      for (const row of await publishedKeys(db).select('kid', 'private_jwk')) openPrivateJwk(envelope, row);
    },

    /** Moves every stored key from the secret they were sealed under to this one. */
    async reencrypt(fromSecret: string): Promise<number> {
      cachedSigner = null;
      return resealAll(db, keyEnvelope(fromSecret), envelope, false);
    },

    /**
     * Adds a key that is published at once but signs only after the overlap, so platforms
     * that cache our JWKS have fetched it before they see its kid.
     */
    async rotate(): Promise<{ kid: string; signingFrom: number }> {
      const signingFrom = clock.now() + deps.overlapHours * 3_600_000;
      const kid = await insertKey(db, envelope, signingFrom, clock.now());
      cachedSigner = null;
      return { kid, signingFrom };
    },

    /** Stops publishing a key. The key that signs now cannot be retired. */
    async retire(kid: string): Promise<void> {
      const current = await this.currentKid();
      if (kid === current) throw new Error(`Key ${kid} signs now; rotate first and retire it after the overlap.`);
      const updated = await db('tool_keys').where({ kid }).whereNull('retired_at').update({ retired_at: clock.now() });
      if (updated === 0) throw new Error(`No published key with kid ${kid}.`);
      cachedSigner = null;
    },

    async list(): Promise<Array<{ kid: string; createdAt: number; signingFrom: number; retiredAt: number | null }>> {
      const rows = await db('tool_keys').orderBy('created_at', 'asc');
      return rows.map(toKeyListing);
    },

    async jwks(): Promise<{ keys: PublicJwk[] }> {
      const rows = await publishedKeys(db).orderBy('signing_from', 'asc').select('public_jwk');
      return { keys: rows.map(toPublicJwk) };
    },

    async currentKid(): Promise<string> {
      const row = await publishedKeys(db)
        .where('signing_from', '<=', clock.now())
        .orderBy('signing_from', 'desc')
        .first('kid');
      if (!row) throw new Error('No tool key is ready to sign; run start-up or `keys rotate`.');
      return toKid(row);
    },

    /** The key that signs outgoing JWTs now: the newest whose overlap has passed. */
    async signingKey(): Promise<SigningKey> {
      if (cachedSigner && cachedSigner.until > clock.now()) return cachedSigner;
      const kid = await this.currentKid();
      const row = await db('tool_keys').where({ kid }).first('kid', 'private_jwk');
      if (!row) throw new Error(`Tool key ${kid} vanished.`);
      const key = await importJWK(openPrivateJwk(envelope, row), TOOL_KEY_ALG);
      // Re-read each minute so a rotation by another process takes effect without a restart.
      cachedSigner = { kid, key, until: clock.now() + 60_000 };
      return cachedSigner;
    },
  };
}

export type ToolKeys = ReturnType<typeof createToolKeys>;
