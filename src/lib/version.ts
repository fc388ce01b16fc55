import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../paths.js';

const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };

export const beaconVersion: string = pkg.version;
/** Canvas answers 403 to API calls without a User-Agent; every outbound call sends this. */
export const userAgent = `Beacon/${beaconVersion}`;
