import express, { Router } from 'express';
import { createLocalJWKSet, jwtVerify, SignJWT, importJWK, type JWK } from 'jose';
import { z } from 'zod';
import { newId, nullableNum, num, rowParser, text, type Db } from '../db/index.js';
import { AppError } from '../errors.js';
import { paths } from '../http/paths.js';
import type { Clock } from '../lib/clock.js';
import type { ToolKeys } from '../lti/index.js';
import type { PlatformSimulator } from './simulator.js';

const Score = z.object({
  userId: z.string().min(1),
  scoreGiven: z.number().min(0).optional(),
  scoreMaximum: z.number().positive().optional(),
  timestamp: z.string().datetime({ offset: true }),
  activityProgress: z.string(),
  gradingProgress: z.string(),
});

const toLastTimestamp = rowParser('demo_gradebook', z.object({ timestamp: text }).transform((row) => row.timestamp));
const toGradebookRow = rowParser(
  'demo_gradebook',
  z.object({ id: text, line_item: text, user_sub: text, score_given: nullableNum, score_maximum: nullableNum, activity_progress: text, grading_progress: text, timestamp: text, received_at: num }),
);

/**
 * The demo LMS's own services: an OAuth token endpoint that checks Beacon's signed client
 * assertion against Beacon's published keys, an AGS score endpoint that behaves like
 * Moodle's (strictly increasing timestamps), and a gradebook page to see scores arrive.
 */
export function demoLmsServices(deps: { db: Db; clock: Clock; simulator: PlatformSimulator; toolKeys: ToolKeys; tokenUrl: string; privateJwk: JWK }): Router {
  const router = Router();
  const { simulator } = deps;
  const platformKeys = createLocalJWKSet(simulator.jwks() as { keys: JWK[] });

  router.post(paths.demoPlatformToken, express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
    const form = z.object({ grant_type: z.literal('client_credentials'), client_assertion: z.string(), scope: z.string() }).safeParse(req.body);
    if (!form.success) return void res.status(400).json({ error: 'invalid_request' });
    try {
      await jwtVerify(form.data.client_assertion, createLocalJWKSet(await deps.toolKeys.jwks()), {
        issuer: simulator.clientId,
        subject: simulator.clientId,
        audience: deps.tokenUrl,
        algorithms: ['RS256'],
        maxTokenAge: '5m',
        currentDate: new Date(deps.clock.now()),
      });
    } catch {
      return void res.status(401).json({ error: 'invalid_client' });
    }
    const key = await importJWK(deps.privateJwk, 'RS256');
    const issuedAt = Math.floor(deps.clock.now() / 1000);
    const token = await new SignJWT({ scope: form.data.scope }).setProtectedHeader({ alg: 'RS256', kid: simulator.kid }).setSubject(simulator.clientId).setIssuedAt(issuedAt).setExpirationTime(issuedAt + 3600).sign(key);
    res.json({ access_token: token, token_type: 'Bearer', expires_in: 3600, scope: form.data.scope });
  });

  router.post(paths.demoLineItemScores.pattern, express.json({ type: 'application/vnd.ims.lis.v1.score+json', limit: '8kb' }), async (req, res) => {
    const bearer = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    try {
      const { payload } = await jwtVerify(bearer ?? '', platformKeys, { subject: simulator.clientId, currentDate: new Date(deps.clock.now()) });
      if (!String(payload.scope).split(' ').includes('https://purl.imsglobal.org/spec/lti-ags/scope/score')) throw new Error('scope');
    } catch {
      return void res.status(401).json({ error: 'invalid_token' });
    }
    const score = Score.safeParse(req.body);
    if (!score.success) throw new AppError('demo_bad_score', 400, 'The demo gradebook received an invalid score.');
    const lineItem = String(req.params.lineitem);
    const last = await deps.db('demo_gradebook').where({ line_item: lineItem, user_sub: score.data.userId }).orderBy('received_at', 'desc').first('timestamp');
    if (last && Date.parse(toLastTimestamp(last)) >= Date.parse(score.data.timestamp)) {
      return void res.status(409).json({ error: 'Refusing score with an earlier timestamp' });
    }
    await deps.db('demo_gradebook').insert({
      id: newId(),
      line_item: lineItem,
      user_sub: score.data.userId,
      score_given: score.data.scoreGiven ?? null,
      score_maximum: score.data.scoreMaximum ?? null,
      activity_progress: score.data.activityProgress,
      grading_progress: score.data.gradingProgress,
      timestamp: score.data.timestamp,
      received_at: deps.clock.now(),
    });
    res.status(204).end();
  });

  router.get(paths.demoGradebook, async (_req, res) => {
    const rows = (await deps.db('demo_gradebook').orderBy('received_at', 'desc').limit(200)).map(toGradebookRow);
    res.set('cache-control', 'no-store').render('demo/gradebook', { title: 'demo.gradebook', rows });
  });

  return router;
}
