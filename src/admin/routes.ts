import express, { Router } from 'express';
import { requireCsrf } from '../http/csrf.js';
import { requirePermission, requireSession, session } from '../http/guards.js';
import { paths, withQuery } from '../http/paths.js';
import { SupportContacts, type Support } from './support.js';

const form = express.urlencoded({ extended: false, limit: '16kb' });

export function adminRoutes(support: Support): Router {
  const router = Router();
  router.use(paths.help, requireSession, form, requireCsrf);

  router.get(paths.help, async (req, res) => {
    const contacts = await support.forDeployment(session(res).deploymentId);
    res.render('help/index', { title: 'help.title', contacts, saved: req.query.saved === '1' });
  });

  router.get(paths.helpEdit, requirePermission('support.edit'), async (_req, res) => {
    res.render('help/edit', { title: 'help.editTitle', contacts: await support.forDeployment(session(res).deploymentId) });
  });

  router.post(paths.helpEdit, requirePermission('support.edit'), async (req, res) => {
    const s = session(res);
    await support.save(s.deploymentId, SupportContacts.parse(req.body), s.userId);
    res.redirect(303, withQuery(paths.help, { saved: 1 }));
  });

  return router;
}
