/** Every URL Beacon serves, in one place. */
export const paths = {
  home: '/',
  healthz: '/healthz',
  jwks: '/.well-known/jwks.json',
  ltiLogin: '/lti/login',
  ltiLaunch: '/lti/launch',
  ltiRelaunch: '/lti/relaunch',
  locale: '/locale',
  demo: '/demo',
  demoLaunch: '/demo/launch',
  demoPlatformJwks: '/demo/platform/jwks',
  demoPlatformAuth: '/demo/platform/auth',
  static: '/static',
  verify: '/verify',
} as const;
