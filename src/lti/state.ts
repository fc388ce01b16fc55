import { createHash } from 'node:crypto';
import { z } from 'zod';
import { newToken, nullableNum, nullableText, num, rowParser, text, type Executor } from '../db/index.js';

export type StateRow = {
  state: string;
  nonce: string;
  platform_id: string;
  deployment_id: string | null;
  target_link_uri: string;
  login_hint: string;
  lti_message_hint: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
};

// Read once per launch: plain checks only, built once.
const toState = rowParser(
  'oidc_states',
  z.object({ state: text, nonce: text, platform_id: text, deployment_id: nullableText, target_link_uri: text, login_hint: text, lti_message_hint: nullableText, created_at: num, expires_at: num, used_at: nullableNum }) satisfies z.ZodType<StateRow>,
);

/** A login lives this long: long enough for a slow LMS, short enough to be useless if leaked. */
export const STATE_TTL_MS = 10 * 60_000;

export async function createState(
  db: Executor,
  input: { platformId: string; deploymentId: string | null; targetLinkUri: string; loginHint: string; messageHint: string | null; now: number },
): Promise<{ state: string; nonce: string }> {
  const state = newToken();
  const nonce = newToken();
  await db('oidc_states').insert({
    state,
    nonce,
    platform_id: input.platformId,
    deployment_id: input.deploymentId,
    target_link_uri: input.targetLinkUri,
    login_hint: input.loginHint,
    lti_message_hint: input.messageHint,
    created_at: input.now,
    expires_at: input.now + STATE_TTL_MS,
    used_at: null,
  });
  return { state, nonce };
}

export async function findState(db: Executor, state: string): Promise<StateRow | undefined> {
  const row = await db('oidc_states').where({ state }).first();
  return row ? toState(row) : undefined;
}

/** Marks the state used; false when another request used it first (a replay or a double post). */
export async function consumeState(db: Executor, state: string, now: number): Promise<boolean> {
  const updated = await db('oidc_states')
    .where({ state })
    .whereNull('used_at')
    .where('expires_at', '>', now)
    .update({ used_at: now });
  return updated === 1;
}

export function deleteExpiredStates(db: Executor, now: number): Promise<number> {
  return db('oidc_states').where('expires_at', '<', now - STATE_TTL_MS).delete();
}

/**
 * The browser that started a login carries a cookie named after its state; the launch must
 * come back with it, or anyone's id_token could be posted into someone else's browser
 * (login CSRF). One cookie per state, so parallel tabs do not overwrite each other.
 */
export function stateCookieName(state: string): string {
  return `beacon_state_${createHash('sha256').update(state).digest('hex').slice(0, 16)}`;
}
