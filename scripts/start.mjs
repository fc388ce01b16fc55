// `npm start`: the compiled build in production, the TypeScript sources otherwise.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../dist/main.js', import.meta.url));
if (process.env.NODE_ENV === 'production') {
  if (!existsSync(built)) {
    console.error('No production build found: run `npm run build` first.');
    process.exit(1);
  }
  await import(built);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
