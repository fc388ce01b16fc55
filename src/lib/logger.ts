import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

// Anything that could carry a credential is removed before a line is written.
const redact = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.id_token',
  '*.private_jwk',
  '*.access_token',
  '*.client_assertion',
  '*.state',
  '*.nonce',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: redact, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
