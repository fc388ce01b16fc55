import express, { Router } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../errors.js';
import { requireCsrf } from '../http/csrf.js';
import { pathParam } from '../http/path-params.js';
import { requirePermission, requireSession, session } from '../http/guards.js';
import { paths, withQuery } from '../http/paths.js';
import { listParked, retryParked } from '../jobs/index.js';
import type { Db } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import { audit } from '../audit/index.js';

/** Scores the LMS refused, with its answer, for the administrators of the deployment they came through. */
export function outboxRoutes(deps: { db: Db; clock: Clock }): Router {
  const router = Router();
  router.use(paths.deliveries, requireSession, requirePermission('deliveries.manage'), express.urlencoded({ extended: false, limit: '4kb' }), requireCsrf);

  router.get(paths.deliveries, async (req, res) => {
    const rows = await listParked(deps.db, session(res).deploymentId);
    res.set('cache-control', 'no-store').render('admin/deliveries', { title: 'deliveries.title', rows, retried: req.query.retried === '1' });
  });

  router.post(paths.deliveryRetry.pattern, async (req, res) => {
    const s = session(res);
    const id = pathParam(z.string().uuid(), req.params.id);
    if (!(await retryParked(deps.db, id, s.deploymentId, deps.clock.now()))) throw new NotFoundError('parked delivery', id);
    await audit(deps.db, { at: deps.clock.now(), actor: s.userId, action: 'delivery_retried', subject: id });
    res.redirect(303, withQuery(paths.deliveries, { retried: 1 }));
  });

  return router;
}
