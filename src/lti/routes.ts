import express, { Router } from 'express';
import { AppError, LtiError } from '../errors.js';
import { paths, withQuery } from '../http/paths.js';
import { readCookie, frameCookie } from '../http/cookies.js';
import { completeLaunch, LaunchForm, restartLogin, type LaunchDeps } from './launch.js';
import { STATE_TTL_MS, stateCookieName } from './state.js';
import { initiateLogin, LoginRequest, type LoginDeps } from './login.js';
import type { ToolKeys } from './keys.js';

// An id_token is a few KB; 64 KB leaves room for large custom claims and refuses floods (LTI.md S10).
const formBody = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 50 });

export function ltiRoutes(deps: {
  login: LoginDeps;
  launch: LaunchDeps;
  toolKeys: ToolKeys;
  secureCookies: boolean;
  /** Each login writes a state row: a per-address limit keeps floods from filling the table. */
  loginLimit: express.RequestHandler;
}): Router {
  const router = Router();

  router.get(paths.jwks, async (_req, res) => {
    res.set('cache-control', 'public, max-age=300').json(await deps.toolKeys.jwks());
  });

  const stateCookie = (state: string) =>
    frameCookie('1', { secure: deps.secureCookies, maxAgeSeconds: STATE_TTL_MS / 1000, name: stateCookieName(state), path: paths.ltiLaunch });

  const login = async (req: express.Request, res: express.Response) => {
    const params = LoginRequest.parse(req.method === 'POST' ? (req.body ?? {}) : req.query);
    const { redirectUrl, state } = await initiateLogin(deps.login, params);
    res.set('set-cookie', stateCookie(state)).redirect(302, redirectUrl);
  };
  router.get(paths.ltiLogin, deps.loginLimit, login);
  router.post(paths.ltiLogin, deps.loginLimit, formBody, login);

  router.post(paths.ltiLaunch, formBody, async (req, res) => {
    const form = LaunchForm.parse(req.body ?? {});
    let launch;
    try {
      launch = await completeLaunch(deps.launch, form, (state) => readCookie(req.headers.cookie, stateCookieName(state)) === '1');
    } catch (error) {
      if (!(error instanceof LtiError) || error.code !== 'state_cookie_missing') throw error;
      res.status(401).set('cache-control', 'no-store');
      return res.render('errors/relaunch', { title: 'relaunch.title', relaunchUrl: withQuery(paths.ltiRelaunch, { state: form.state ?? '' }) });
    }
    const maxAgeSeconds = Math.floor((launch.sessionExpiresAt - deps.launch.clock.now()) / 1000);
    res.set('set-cookie', frameCookie(launch.sessionToken, { secure: deps.secureCookies, maxAgeSeconds }));
    res.set('cache-control', 'no-store');
    // The landing page decides where a launch goes (course, module or a choice), so lti needs no course knowledge.
    res.redirect(303, paths.home);
  });
  // Opened in a new, top-level window, where the browser keeps Beacon's cookies.
  router.get(paths.ltiRelaunch, async (req, res) => {
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    const restarted = await restartLogin({ ...deps.launch, launchUrl: deps.login.launchUrl }, state);
    res.set('set-cookie', stateCookie(restarted.state)).set('cache-control', 'no-store').redirect(302, restarted.redirectUrl);
  });

  router.all(paths.ltiLaunch, () => {
    throw new AppError('method_not_allowed', 405, 'A launch must be posted by the platform (form_post).');
  });

  return router;
}
