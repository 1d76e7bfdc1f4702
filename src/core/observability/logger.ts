// pino JSON logs. Secret material never reaches a log: known secret-bearing field names are redacted as a
// backstop, and callers log ids and sizes, not contents.
import { type Logger, pino } from 'pino';

export type { Logger };

const SECRET_PATHS = [
  'key',
  'keyPem',
  'privateKey',
  'secret',
  'share',
  'shares',
  'signingKey',
  '*.key',
  '*.keyPem',
  '*.privateKey',
  '*.secret',
  '*.share',
  '*.shares',
  '*.signingKey',
];

/** The root logger of a process; `destination` defaults to stdout (tests pass a stream). */
export function createLogger(level: string, destination?: NodeJS.WritableStream, base?: object): Logger {
  return pino(
    {
      level,
      base: { ...base },
      redact: { paths: SECRET_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination as pino.DestinationStream | undefined,
  );
}
