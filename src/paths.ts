import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// Compiled code runs from dist/ (with migrations in dist/migrations); source runs from src/.
const built = basename(here) === 'dist';

export const projectRoot = resolve(here, '..');
export const migrationsDir = built ? join(here, 'migrations') : join(projectRoot, 'migrations');
export const viewsDir = join(projectRoot, 'views');
export const publicDir = join(projectRoot, 'public');

export function fromRoot(path: string): string {
  return resolve(projectRoot, path);
}
