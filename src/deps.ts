import type { Config } from './config.js';
import type { Db } from './db/index.js';
import { demoIssuer, setUpDemoPlatform } from './demo/index.js';
import { paths } from './http/paths.js';
import { systemClock, type Clock } from './lib/clock.js';
import { httpClient, type HttpClient } from './lib/http-client.js';
import type { Logger } from './lib/logger.js';
import { createAccessTokens, createPlatformKeys, createPlatforms, createToolKeys } from './lti/index.js';
import { createCourses, type CourseCompletedHook } from './courses/index.js';
import { createCertificates } from './certificates/index.js';
import { createAssessments, createExamReports, hasAttempt, passedLearnerCount } from './assessments/index.js';

import { createOutboxWorker, queueScore, scoreHandler, SCORE_KIND } from './jobs/index.js';
import { createSupport } from './admin/index.js';
import { createLimiter } from './limits/index.js';

export type Outside = { clock?: Clock; http?: HttpClient };

/** The one place where areas are wired together. Tests call it with a fake clock or HTTP client. */
export async function createDeps(config: Config, db: Db, logger: Logger, outside: Outside = {}) {
  const clock = outside.clock ?? systemClock;
  const http = outside.http ?? httpClient;
  const platforms = createPlatforms({ db, clock });
  const toolKeys = createToolKeys({ db, clock, overlapHours: config.keyRotationOverlapHours, secret: config.sessionSecret });
  const platformKeys = createPlatformKeys({ http, clock });
  const demoPlatformIssuer = demoIssuer(config.publicUrl);
  // In production the demo platform is never trusted, even if its row exists from a test run.
  const isTrustedIssuer = (issuer: string) => config.demoEnabled || issuer !== demoPlatformIssuer;
  const demo = config.demoEnabled
    ? await setUpDemoPlatform({ db, clock, platforms, publicUrl: config.publicUrl })
    : null;

  const launchUrl = `${config.publicUrl}${paths.ltiLaunch}`;
  const courseCompleted: CourseCompletedHook[] = [];
  // Once an exam was drawn for a track, only a trainer changes it.
  const courses = createCourses({ db, clock, onCompleted: courseCompleted, trackLocked: [hasAttempt], passedCount: passedLearnerCount });
  const certificates = createCertificates({ db, clock, publicUrl: config.publicUrl, toolKeys, courses });
  // A certificate is issued when the exam is passed and the track's modules are done, whichever comes last.
  courseCompleted.push(async (executor, event) => {
    await certificates.issueIfEligible(executor, event);
  });
  const accessTokens = createAccessTokens({ db, clock, http, toolKeys });
  const outbox = createOutboxWorker({
    db,
    clock,
    logger,
    handlers: { [SCORE_KIND]: scoreHandler({ db, http, tokens: accessTokens, now: () => clock.now() }) },
  });
  return {
    config,
    db,
    logger,
    clock,
    http,
    platforms,
    toolKeys,
    platformKeys,
    limiter: createLimiter({ db, clock }),
    courses,
    assessments: createAssessments({
      db,
      clock,
      courses,
      onScored: [
        queueScore,
        async (trx, scored) => {
          if (scored.passed) await certificates.issueIfEligible(trx, { userId: scored.userId, courseSlug: scored.courseSlug });
        },
      ],
    }),
    certificates,
    examReports: createExamReports({ db, courses }),
    accessTokens,
    outbox,
    support: createSupport({ db, clock }),
    demo,
    urls: { launch: launchUrl, login: `${config.publicUrl}${paths.ltiLogin}` },
    lti: {
      login: { db, clock, launchUrl, isTrustedIssuer },
      launch: {
        db,
        clock,
        platformKeys,
        isTrustedIssuer,
        policy: { clockToleranceSeconds: config.lti.clockToleranceSeconds, maxAgeSeconds: config.lti.idTokenMaxAgeSeconds },
      },
    },
  };
}

export type Deps = Awaited<ReturnType<typeof createDeps>>;
