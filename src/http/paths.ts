import { route } from './route.js';

export { isSegment, withQuery, type Query } from './route.js';

/**
 * Every URL Beacon serves, in one place, for routes, redirects, services and views (as
 * `paths` in every template).
 *
 * A path without parameters is a plain string: it is both the Express pattern and the URL
 * (`withQuery(paths.help, { saved: 1 })` adds a query). A path with parameters is a builder:
 * `paths.exam.pattern` goes to the router and `paths.exam({ slug })` makes the URL, each
 * parameter encoded as one segment.
 */
export const paths = {
  home: '/',
  healthz: '/healthz',
  /** Asked for by browsers whatever the page links; answered with the icon the pages link. */
  favicon: '/favicon.ico',
  static: '/static',
  /** One file of public/, served below paths.static. */
  asset: route('/static/:file'),
  locale: '/locale',
  help: '/help',
  helpEdit: '/help/edit',

  jwks: '/.well-known/jwks.json',
  ltiLogin: '/lti/login',
  ltiLaunch: '/lti/launch',
  ltiRelaunch: '/lti/relaunch',

  /** Nothing is served here: the start of every course page, for middleware that guards them all. */
  coursesPrefix: '/courses',
  /** Where a trainer or administrator chooses the course and module an LMS link opens. */
  place: '/place',
  course: route('/courses/:slug'),
  courseTrack: route('/courses/:slug/track'),
  glossary: route('/courses/:slug/glossary'),
  sources: route('/courses/:slug/sources'),
  module: route('/courses/:slug/modules/:module'),
  /** One section of a module; opening it is the evidence that the learner reached it. */
  moduleSection: route('/courses/:slug/modules/:module/sections/:section'),
  modulePosition: route('/courses/:slug/modules/:module/position'),
  moduleComplete: route('/courses/:slug/modules/:module/complete'),
  moduleCheck: route('/courses/:slug/modules/:module/check'),
  learners: route('/courses/:slug/learners'),
  learnerTrack: route('/courses/:slug/learners/:learner/track'),
  learnerGrants: route('/courses/:slug/learners/:learner/grants'),

  exam: route('/courses/:slug/exam'),
  examStart: route('/courses/:slug/exam/start'),
  examAttempt: route('/courses/:slug/exam/:attempt'),
  examAnswers: route('/courses/:slug/exam/:attempt/answers'),
  examSubmit: route('/courses/:slug/exam/:attempt/submit'),
  examResult: route('/courses/:slug/exam/:attempt/result'),
  examReport: route('/courses/:slug/exam-report'),

  courseCertificates: route('/courses/:slug/certificates'),
  certificateRenew: route('/courses/:slug/certificates/renew'),
  /** Nothing is served here: the start of the certificate downloads and actions. */
  certificatesPrefix: '/certificates',
  certificateRevoke: '/certificates/revoke',
  certificatePdf: route('/certificates/:id/pdf'),
  certificateCredential: route('/certificates/:id/credential'),
  certificateReissue: route('/certificates/:id/reissue'),
  certificateSettings: '/admin/certificate-settings',
  /** The public verification form; it sends `?code=` and is answered with a redirect to verifyCode. */
  verify: '/verify',
  verifyCode: route('/verify/:code'),
  /** Public Open Badges Achievement a credential names: version as "v3"; the track one for a role track's certificate. */
  achievement: route('/achievements/:slug/:version'),
  trackAchievement: route('/achievements/:slug/:version/:track'),

  deliveries: '/admin/deliveries',
  deliveryRetry: route('/admin/deliveries/:id/retry'),

  demo: '/demo',
  /** No route serves this; kept because code elsewhere refers to the name. */
  demoLaunch: '/demo/launch',
  demoGradebook: '/demo/gradebook',
  /** The demo platform's issuer: not served itself, its endpoints are below it. */
  demoPlatform: '/demo/platform',
  demoPlatformAuth: '/demo/platform/auth',
  demoPlatformJwks: '/demo/platform/jwks',
  demoPlatformToken: '/demo/platform/token',
  /** A demo line item's URL, as the launch gives it; only its scores below are served. */
  demoLineItem: route('/demo/platform/lineitems/:lineitem'),
  demoLineItemScores: route('/demo/platform/lineitems/:lineitem/scores'),
} as const;

export type Paths = typeof paths;
