import { Router } from 'express';
import { paths } from './paths.js';

/** Pages that belong to no area: the front door. */
export function pageRoutes(): Router {
  const router = Router();
  router.get(paths.home, (_req, res) => {
    res.set('cache-control', 'no-store');
    if (res.locals.session) return res.render('landing', { title: 'landing.title', session: res.locals.session });
    res.render('home', { title: 'home.title' });
  });
  return router;
}
