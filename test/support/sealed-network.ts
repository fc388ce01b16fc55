/**
 * Preloaded into every test process (scripts/test.mjs): a test may connect to loopback and
 * unix sockets only. Anything else is refused before a packet leaves, with an error naming
 * the host, and remembered, so the process exits non-zero even when the code under test
 * caught the error (the outbox, for one, retries network errors quietly).
 *
 * Every TCP connection in Node, whether from net, tls, http or fetch (undici), starts in
 * net.Socket.prototype.connect, so that is the one place guarded.
 */
import net from 'node:net';

export const SEALED_NETWORK_CODE = 'ERR_SEALED_NETWORK';

type SealState = { refused: string[] };

// On globalThis, so a second copy of this module (loaded under another URL) shares the
// record and does not wrap connect twice.
const KEY = Symbol.for('beacon.test.sealedNetwork');
const holder = globalThis as typeof globalThis & { [KEY]?: SealState };

const loopback = new net.BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

function isLoopback(host: string): boolean {
  if (host.toLowerCase() === 'localhost') return true;
  const family = net.isIP(host);
  return family !== 0 && loopback.check(host, family === 4 ? 'ipv4' : 'ipv6');
}

/** Where a connect call goes, read as net's own argument handling reads it; null for a unix socket. */
function destination(args: unknown[]): { host: string; port: string } | null {
  // net.connect() hands connect() its already-normalised [options, callback] array.
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (typeof first === 'object' && first !== null) {
    const options = first as { path?: unknown; host?: unknown; port?: unknown };
    if (options.path) return null;
    return { host: typeof options.host === 'string' && options.host ? options.host : 'localhost', port: String(options.port) };
  }
  // A string that is not a port number is a pipe path.
  if (typeof first === 'string' && !(Number(first) >= 0)) return null;
  return { host: typeof args[1] === 'string' && args[1] ? args[1] : 'localhost', port: String(first) };
}

function install(): SealState {
  const state: SealState = { refused: [] };
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function sealedConnect(this: net.Socket, ...args: unknown[]) {
    const to = destination(args);
    if (to && !isLoopback(to.host)) {
      const where = `${to.host}:${to.port}`;
      state.refused.push(where);
      throw Object.assign(
        new Error(`sealed network: refused a connection to ${where}; tests may connect only to loopback (127.0.0.0/8, ::1, localhost) and unix sockets`),
        { code: SEALED_NETWORK_CODE },
      );
    }
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof connect;
  process.on('exit', () => {
    if (state.refused.length === 0) return;
    process.stderr.write(`sealed network: this test process tried to connect outside loopback, to ${state.refused.join(', ')}; failing it even if the error was caught\n`);
    process.exitCode = 1;
  });
  return state;
}

const state = (holder[KEY] ??= install());

/** The refused destinations so far, forgotten by the call: for a test that provokes refusals on purpose. */
export function takeRefusals(): string[] {
  return state.refused.splice(0);
}
