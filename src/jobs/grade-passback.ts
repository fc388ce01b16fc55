import type { Knex } from 'knex';
import { z } from 'zod';
import type { Executor } from '../db/index.js';
import type { ScoredAttempt } from '../assessments/index.js';
import { launchForPassback } from '../identity/index.js';
import type { HttpClient } from '../lib/http-client.js';
import {
  AGS_SCOPE,
  PENDING_LINE_ITEM,
  PlatformCallError,
  claimLineItemLookup,
  findOrCreateLineItem,
  findPlatformById,
  postScore,
  settleLineItemLookup,
  storedLineItem,
  type AccessTokens,
} from '../lti/index.js';
import { enqueue, type Outcome, type OutboxRow } from './outbox.js';
import type { BeforeSend } from './worker.js';

export const SCORE_KIND = 'ags_score';

const ScorePayload = z.object({
  platformId: z.string(),
  resourceLinkId: z.string().nullable(),
  ltiResourceLinkId: z.string().nullable(),
  lineitem: z.string().nullable(),
  lineitems: z.string().nullable(),
  scopes: z.array(z.string()),
  userSub: z.string(),
  scoreGiven: z.number(),
  scoreMaximum: z.number(),
  timestamp: z.string(),
  label: z.string(),
  resourceId: z.string(),
});
type ScorePayload = z.infer<typeof ScorePayload>;

const AgsClaim = z.object({ scope: z.array(z.string()).default([]), lineitem: z.string().nullish(), lineitems: z.string().nullish() });

/**
 * Hook for a scored attempt: when the launch carried the AGS claim with the score scope,
 * queue the counted score for the LMS in the same transaction as the result.
 */
export async function queueScore(trx: Knex.Transaction, scored: ScoredAttempt): Promise<void> {
  if (!scored.launchId) return;
  const launch = await launchForPassback(trx, scored.launchId);
  if (!launch?.ags) return;
  const ags = AgsClaim.parse(launch.ags);
  if (!ags.scope.includes(AGS_SCOPE.SCORE) || (!ags.lineitem && !ags.lineitems)) return;
  const payload: ScorePayload = {
    platformId: launch.platformId,
    resourceLinkId: launch.resourceLinkId,
    ltiResourceLinkId: launch.ltiResourceLinkId,
    lineitem: ags.lineitem ?? null,
    lineitems: ags.lineitems ?? null,
    scopes: ags.scope,
    userSub: launch.sub,
    scoreGiven: scored.countedPercent,
    scoreMaximum: 100,
    // Fixed here, so every send of this score, retries and "send again" included, is the same
    // score and a repeat is harmless. Moodle refuses (409) a score whose timestamp, in whole
    // seconds, is not later than the one it has, equal included.
    timestamp: new Date(scored.submittedAt).toISOString(),
    label: scored.courseTitle,
    resourceId: scored.courseSlug,
  };
  await enqueue(trx, SCORE_KIND, payload, scored.submittedAt, { platformId: payload.platformId, deploymentId: launch.deploymentId });
}

function classify(status: number | null, text: string, what: string): Outcome {
  if (status === null || status === 429 || status >= 500) return { kind: 'retry', error: `${what}: ${status ?? 'no answer'} ${text.slice(0, 300)}` };
  return { kind: 'park', error: `${what}: the platform answered ${status} ${text.slice(0, 500)}` };
}

/** Sends a queued score: finds the line item if needed, gets a token (once more after a 401), posts. */
export function scoreHandler(deps: { db: Executor; http: HttpClient; tokens: AccessTokens; now: () => number }) {
  return async (row: OutboxRow, beforeSend: BeforeSend): Promise<Outcome> => {
    const payload = ScorePayload.parse(row.payload);
    const platform = await findPlatformById(deps.db, payload.platformId);
    if (!platform) return { kind: 'park', error: 'the platform registration no longer exists' };
    // Ask only for scopes the launch granted (LTI.md 2, row 7).
    const scopes = [AGS_SCOPE.SCORE, AGS_SCOPE.LINEITEM, AGS_SCOPE.LINEITEM_READONLY].filter((s) => payload.scopes.includes(s));

    async function attempt(token: string): Promise<{ status: number | null; text: string; what: string }> {
      let lineitem = payload.lineitem;
      if (!lineitem && payload.resourceLinkId) lineitem = await storedLineItem(deps.db, payload.resourceLinkId);
      if (lineitem?.startsWith(PENDING_LINE_ITEM)) return { status: 503, text: 'another process is finding the line item', what: 'finding the line item' };
      if (!lineitem && payload.lineitems && payload.ltiResourceLinkId) {
        // Claim the lookup so that two scores sent at once cannot create two gradebook columns.
        const marker = `${PENDING_LINE_ITEM}${row.id}`;
        if (payload.resourceLinkId) {
          if (!(await claimLineItemLookup(deps.db, payload.resourceLinkId, marker, deps.now()))) return { status: 503, text: 'another process is finding the line item', what: 'finding the line item' };
        }
        const found = await findOrCreateLineItem(deps.http, token, payload.lineitems, { resourceLinkId: payload.ltiResourceLinkId, resourceId: payload.resourceId, tag: 'beacon-exam', label: payload.label, scoreMaximum: 100 }, scopes.includes(AGS_SCOPE.LINEITEM));
        if (payload.resourceLinkId) await settleLineItemLookup(deps.db, payload.resourceLinkId, marker, found.url ?? null);
        if (!found.url) return { status: found.status, text: found.text, what: 'finding the line item' };
        lineitem = found.url;
      }
      if (!lineitem) return { status: 400, text: 'the launch gave no line item', what: 'finding the line item' };
      if (!(await beforeSend())) return { status: null, text: 'another process took over this score', what: 'posting the score' };
      const answer = await postScore(deps.http, token, lineitem, {
        userId: payload.userSub,
        scoreGiven: payload.scoreGiven,
        scoreMaximum: payload.scoreMaximum,
        timestamp: payload.timestamp,
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
      });
      return { ...answer, what: 'posting the score' };
    }

    try {
      let result = await attempt(await deps.tokens.get(platform, scopes));
      if (result.status === 401) {
        await deps.tokens.clear(platform, scopes);
        result = await attempt(await deps.tokens.get(platform, scopes));
      }
      if (result.status !== null && result.status >= 200 && result.status < 300) return { kind: 'sent' };
      // A score sent before (an answer lost, a process killed mid-send, "send again" of a row
      // that reached the LMS) meets itself: Moodle refuses an equal timestamp with 409, and the
      // score is in the gradebook. A 409 on a score never sent before is a real refusal.
      if (result.status === 409 && row.sends > 0) return { kind: 'sent' };
      return classify(result.status, result.text, result.what);
    } catch (error) {
      if (error instanceof PlatformCallError) return classify(error.status, error.body || error.message, 'getting an access token');
      throw error;
    }
  };
}
