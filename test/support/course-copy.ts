import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SAMPLE = 'test/fixtures/courses/sample';

/** A writable copy of the sample package (in a folder named like its slug), to break or change. */
export function copySample(): { dir: string; edit(file: string, change: (text: string) => string): void } {
  const dir = join(mkdtempSync(join(tmpdir(), 'beacon-course-')), 'sample');
  cpSync(SAMPLE, dir, { recursive: true });
  return {
    dir,
    edit(file, change) {
      const path = join(dir, file);
      writeFileSync(path, change(readFileSync(path, 'utf8')));
    },
  };
}
