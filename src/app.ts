import { join } from 'node:path';
import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import { adminRoutes, outboxRoutes } from './admin/index.js';
import { courseRoutes } from './courses/index.js';
import { examRoutes } from './assessments/index.js';
import { certificateRoutes } from './certificates/index.js';
import { demoLmsServices, demoRoutes } from './demo/index.js';
import type { Deps } from './deps.js';
import { errorHandler, notFound } from './http/error-handler.js';
import { pathForLog } from './http/log-path.js';
import { paths } from './http/paths.js';
import { pageRoutes } from './http/pages.js';
import { rateLimit } from './http/rate-limit.js';
import { securityHeaders } from './http/security-headers.js';
import { loadSession } from './http/session.js';
import { isRegistrationActive, ltiRoutes } from './lti/index.js';
import { publicDir, viewsDir } from './paths.js';

export function createApp(deps: Deps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);
  app.set('views', viewsDir);
  app.set('view engine', 'ejs');
  if (deps.config.env === 'production') app.set('view cache', true);

  app.get(paths.healthz, async (_req, res) => {
    await deps.db.raw('select 1');
    res.set('cache-control', 'no-store').json({ status: 'ok' });
  });

  // Browsers ask for /favicon.ico even when the page links an icon: the same SVG, not a 404.
  app.get(paths.favicon, (_req, res) => {
    res.type('image/svg+xml').sendFile(join(publicDir, 'favicon.svg'), { maxAge: deps.config.env === 'production' ? '1d' : 0 });
  });

  app.use(
    pinoHttp({
      logger: deps.logger,
      // Only method, path and status: query strings and bodies can carry tokens.
      serializers: {
        // Verification codes in paths are as good as the certificate: never logged.
        req: (req: { method: string; url: string }) => ({ method: req.method, path: pathForLog(req.url) }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
      autoLogging: { ignore: (req: { url?: string }) => req.url === paths.healthz },
    }),
  );
  app.use(securityHeaders({ frameOrigins: deps.platforms.frameOrigins, clock: deps.clock, secure: deps.config.secureCookies }));
  app.use(paths.static, express.static(publicDir, { maxAge: deps.config.env === 'production' ? '1d' : 0 }));
  app.use(loadSession({ db: deps.db, clock: deps.clock, registrationActive: (platformId, deploymentRowId) => isRegistrationActive(deps.db, platformId, deploymentRowId) }));
  app.use((_req, res, next) => {
    res.locals.demoEnabled = deps.config.demoEnabled;
    // Views build every link and form action with the same builders as the routes.
    res.locals.paths = paths;
    next();
  });

  app.use(
    ltiRoutes({
      login: deps.lti.login,
      launch: deps.lti.launch,
      toolKeys: deps.toolKeys,
      secureCookies: deps.config.secureCookies,
      loginLimit: deps.config.loginRateLimit > 0 ? rateLimit({ limiter: deps.limiter, clock: deps.clock, bucket: 'login', limit: deps.config.loginRateLimit, windowMs: 60_000 }) : (_req, _res, next) => next(),
    }),
  );
  if (deps.demo) {
    app.use(demoRoutes({ simulator: deps.demo.simulator, clock: deps.clock, publicUrl: deps.config.publicUrl, launchUrl: deps.urls.launch, loginUrl: deps.urls.login, courses: deps.courses.listCourses }));
    app.use(demoLmsServices({ db: deps.db, clock: deps.clock, toolKeys: deps.toolKeys, ...deps.demo }));
  }
  // The exam router first: its body limits fit 40-item forms, the course router's are smaller.
  app.use(examRoutes(deps.assessments, deps.examReports));
  app.use(courseRoutes(deps.courses));
  app.use(certificateRoutes(deps.certificates, { clock: deps.clock, logger: deps.logger, limiter: deps.limiter }));
  app.use(adminRoutes(deps.support));
  app.use(outboxRoutes({ db: deps.db, clock: deps.clock }));
  app.use(pageRoutes({ db: deps.db }));

  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
