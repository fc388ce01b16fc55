import { runCli } from './cli-commands.js';

// `npm run cli -- ...`: the commands run against this process's environment and streams.
const code = await runCli(process.argv.slice(2), { env: process.env, out: (line) => console.log(line), err: (line) => console.error(line) });
process.exit(code);
