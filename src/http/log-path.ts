import { paths } from './paths.js';

const verifyCodePrefix = `${paths.verify}/`.toLowerCase();

/**
 * The path of a request as it may be written to the log. A verification code is as good as
 * the certificate, so a path below the verification page is logged as its pattern; the
 * query is dropped because it can carry codes (`?code=`) and tokens. Express matches paths
 * without regard to case, so neither does this.
 */
export function pathForLog(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path.toLowerCase().startsWith(verifyCodePrefix) && path.length > verifyCodePrefix.length ? paths.verifyCode.pattern : path;
}
