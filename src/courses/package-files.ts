import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PackageProblem } from './yaml-file.js';

/** What one package may hold, checked from the folder listing before any file is read. */
export const PACKAGE_LIMITS = { fileBytes: 2 * 1024 * 1024, packageBytes: 20 * 1024 * 1024, files: 500 };

/** A package's files, read once: relative path (with "/") to bytes. Parsing reads from here, never from disk. */
export type PackageFiles = {
  has(file: string): boolean;
  text(file: string): string;
  /** Names of the files directly in a folder of the package, sorted. */
  list(folder: string): string[];
};

export type LoadedPackage = { ok: true; files: PackageFiles; hash: string } | { ok: false; problems: PackageProblem[] };

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ioMessage = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);

/**
 * Lists a package without following links: a symbolic link anywhere, a file too large or
 * too many files is a problem. Hidden names (".git") are skipped, as they always were.
 */
function scan(dir: string, problems: PackageProblem[]): Array<{ file: string; size: number }> | null {
  const found: Array<{ file: string; size: number }> = [];
  let total = 0;
  const walk = (folder: string): boolean => {
    let names: string[];
    try {
      names = readdirSync(join(dir, folder)).sort();
    } catch (error) {
      problems.push({ file: folder || '.', message: `cannot be read (${ioMessage(error)})` });
      return false;
    }
    for (const name of names) {
      const file = folder ? `${folder}/${name}` : name;
      let stat;
      try {
        stat = lstatSync(join(dir, file));
      } catch (error) {
        problems.push({ file, message: `cannot be read (${ioMessage(error)})` });
        continue;
      }
      if (stat.isSymbolicLink()) {
        problems.push({ file, message: 'is a symbolic link; a course package may hold only plain files and folders' });
        continue;
      }
      if (name.startsWith('.')) continue;
      if (stat.isDirectory()) {
        if (!walk(file)) return false;
        continue;
      }
      if (!stat.isFile()) {
        problems.push({ file, message: 'is not a plain file' });
        continue;
      }
      if (/\.(md|ya?ml)$/.test(name) && stat.size > PACKAGE_LIMITS.fileBytes) {
        problems.push({ file, message: `is ${megabytes(stat.size)}; a Markdown or YAML file may be at most ${megabytes(PACKAGE_LIMITS.fileBytes)}` });
      }
      total += stat.size;
      found.push({ file, size: stat.size });
      if (found.length > PACKAGE_LIMITS.files) {
        problems.push({ file: '.', message: `has more than ${PACKAGE_LIMITS.files} files` });
        return false;
      }
    }
    return true;
  };
  let root;
  try {
    root = lstatSync(dir);
  } catch (error) {
    problems.push({ file: '.', message: `cannot be read (${ioMessage(error)})` });
    return null;
  }
  if (root.isSymbolicLink()) {
    problems.push({ file: '.', message: 'the package folder is a symbolic link; import the folder it points to' });
    return null;
  }
  if (!root.isDirectory()) {
    problems.push({ file: '.', message: 'is not a folder' });
    return null;
  }
  walk('');
  if (total > PACKAGE_LIMITS.packageBytes) problems.push({ file: '.', message: `holds ${megabytes(total)}; a package may be at most ${megabytes(PACKAGE_LIMITS.packageBytes)}` });
  return problems.length > 0 ? null : found;
}

/**
 * Checks a package's listing, then reads its files once and hashes them. Same content, same
 * hash: paths and bytes of every file in a stable order (the hash stored versions carry).
 */
export function loadPackageFiles(dir: string): LoadedPackage {
  const problems: PackageProblem[] = [];
  const listing = scan(dir, problems);
  if (!listing) return { ok: false, problems };
  const bytes = new Map<string, Buffer>();
  for (const { file } of listing) {
    try {
      bytes.set(file, readFileSync(join(dir, file)));
    } catch (error) {
      problems.push({ file, message: `cannot be read (${ioMessage(error)})` });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const hash = createHash('sha256');
  for (const file of [...bytes.keys()].sort()) hash.update(file).update('\0').update(bytes.get(file) as Buffer).update('\0');
  const files: PackageFiles = {
    has: (file) => bytes.has(file),
    text: (file) => (bytes.get(file) as Buffer).toString('utf8'),
    list: (folder) => [...bytes.keys()].filter((f) => f.startsWith(`${folder}/`) && !f.slice(folder.length + 1).includes('/')).map((f) => f.slice(folder.length + 1)).sort(),
  };
  return { ok: true, files, hash: hash.digest('hex') };
}
