import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { isSegment, paths } from '../http/paths.js';
import type { Clock } from '../lib/clock.js';
import { CLAIM } from '../lti/index.js';
import { DEMO_USERS, type PlatformSimulator } from './simulator.js';

const AGS = 'https://purl.imsglobal.org/spec/lti-ags/scope/';

const AuthRequest = z.object({
  scope: z.literal('openid'),
  response_type: z.literal('id_token'),
  response_mode: z.literal('form_post'),
  prompt: z.literal('none'),
  client_id: z.string(),
  redirect_uri: z.string().url(),
  login_hint: z.enum(['learner', 'trainer', 'administrator']),
  lti_message_hint: z.string().optional(),
  state: z.string().min(1),
  nonce: z.string().min(1),
});

/**
 * What the demo page asks the platform to launch: a resource link, its custom parameters, a
 * language. The resource names its line item in a URL path, so it must fit one segment.
 */
const DemoHint = z.object({
  resource: z.string().max(100).refine(isSegment).optional(),
  custom: z.record(z.string(), z.string()).optional(),
  locale: z.string().max(10).optional(),
});

function decodeHint(hint: string): unknown {
  try {
    return JSON.parse(Buffer.from(hint, 'base64url').toString('utf8'));
  } catch {
    return {};
  }
}

/**
 * The demo LMS: a page to pick who to be, and the platform's OIDC auth endpoint and JWKS.
 * Launches go through Beacon's real /lti/login and /lti/launch.
 */
export function demoRoutes(deps: { simulator: PlatformSimulator; clock: Clock; publicUrl: string; launchUrl: string; loginUrl: string; courses: () => Promise<Array<{ slug: string; title: string }>> }): Router {
  const router = Router();
  const { simulator } = deps;

  router.get(paths.demo, async (_req, res) => {
    const login = { iss: simulator.issuer, client_id: simulator.clientId, lti_deployment_id: simulator.deploymentId, target_link_uri: deps.launchUrl };
    // One LMS link per installed course, as a trainer would add them to an LMS course page.
    const links = (await deps.courses()).map((course) => ({
      title: course.title,
      hint: Buffer.from(JSON.stringify({ resource: `demo-${course.slug}`, custom: { course: course.slug } })).toString('base64url'),
    }));
    res.render('demo/index', { title: 'demo.title', loginUrl: deps.loginUrl, login, links, roles: Object.keys(DEMO_USERS) });
  });

  router.get(paths.demoPlatformJwks, (_req, res) => {
    res.json(simulator.jwks());
  });

  router.get(paths.demoPlatformAuth, async (req, res) => {
    const parsed = AuthRequest.safeParse(req.query);
    if (!parsed.success) throw new AppError('demo_bad_auth_request', 400, 'The demo platform received an incomplete authentication request.');
    const auth = parsed.data;
    if (auth.client_id !== simulator.clientId || auth.redirect_uri !== deps.launchUrl) {
      throw new AppError('demo_bad_auth_request', 400, 'The demo platform only launches Beacon.');
    }
    const hint = DemoHint.safeParse(auth.lti_message_hint ? decodeHint(auth.lti_message_hint) : {});
    const course = hint.success ? hint.data : {};
    const idToken = await simulator.sign(
      simulator.launchClaims({
        user: DEMO_USERS[auth.login_hint],
        nonce: auth.nonce,
        targetLinkUri: deps.launchUrl,
        context: { id: 'demo-course', label: 'DEMO', title: 'Demo course: victim identification' },
        resourceLink: { id: course.resource ?? 'demo-resource', title: 'Beacon training' },
        custom: course.custom,
        locale: course.locale ?? 'en',
        extraClaims: {
          [CLAIM.AGS_ENDPOINT]: {
            scope: [`${AGS}lineitem`, `${AGS}result.readonly`, `${AGS}score`],
            lineitem: `${deps.publicUrl}${paths.demoLineItem({ lineitem: course.resource ?? 'demo-resource' })}`,
          },
        },
      }),
      {},
      deps.clock.now(),
    );
    res.set('cache-control', 'no-store');
    res.render('demo/autopost', { title: 'demo.title', action: auth.redirect_uri, fields: { id_token: idToken, state: auth.state } });
  });

  return router;
}
