import express, { Router } from 'express';
import { AppError } from '../errors.js';
import { paths } from '../http/paths.js';
import { sessionCookie } from '../http/cookies.js';
import { completeLaunch, LaunchForm, type LaunchDeps } from './launch.js';
import { initiateLogin, LoginRequest, type LoginDeps } from './login.js';
import type { ToolKeys } from './keys.js';

// An id_token is a few KB; 64 KB leaves room for large custom claims and refuses floods (LTI.md S10).
const formBody = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 50 });

export function ltiRoutes(deps: {
  login: LoginDeps;
  launch: LaunchDeps;
  toolKeys: ToolKeys;
  secureCookies: boolean;
  landingPath: (launch: { custom: Record<string, string> }) => string;
  /** Each login writes a state row: a per-address limit keeps floods from filling the table. */
  loginLimit: express.RequestHandler;
}): Router {
  const router = Router();

  router.get(paths.jwks, async (_req, res) => {
    res.set('cache-control', 'public, max-age=300').json(await deps.toolKeys.jwks());
  });

  const login = async (req: express.Request, res: express.Response) => {
    const params = LoginRequest.parse(req.method === 'POST' ? (req.body ?? {}) : req.query);
    res.redirect(302, await initiateLogin(deps.login, params));
  };
  router.get(paths.ltiLogin, deps.loginLimit, login);
  router.post(paths.ltiLogin, deps.loginLimit, formBody, login);

  router.post(paths.ltiLaunch, formBody, async (req, res) => {
    const launch = await completeLaunch(deps.launch, LaunchForm.parse(req.body ?? {}));
    const maxAgeSeconds = Math.floor((launch.sessionExpiresAt - deps.launch.clock.now()) / 1000);
    res.set('set-cookie', sessionCookie(launch.sessionToken, { secure: deps.secureCookies, maxAgeSeconds }));
    res.set('cache-control', 'no-store');
    res.redirect(303, deps.landingPath(launch));
  });
  router.all(paths.ltiLaunch, () => {
    throw new AppError('method_not_allowed', 405, 'A launch must be posted by the platform (form_post).');
  });

  return router;
}
