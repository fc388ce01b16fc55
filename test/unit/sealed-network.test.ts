import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SEALED_NETWORK_CODE, takeRefusals } from '../support/sealed-network.js';

const run = promisify(execFile);
const PRELOAD = fileURLToPath(new URL('../support/sealed-network.ts', import.meta.url));
// TEST-NET-1 (RFC 5737): documentation only, never routed.
const OUTSIDE = '192.0.2.1';
const refusal = new RegExp(`sealed network: refused a connection to ${OUTSIDE.replaceAll('.', '\\.')}:(80|443)`);

function isRefusal(error: unknown): boolean {
  return (error as { code?: string }).code === SEALED_NETWORK_CODE;
}

/** A connection attempt's outcome once the socket connects or fails, whichever comes first. */
function attempt(connect: () => net.Socket): Promise<'connected' | Error> {
  return new Promise((resolve) => {
    const socket = connect();
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', resolve);
  });
}

describe('the sealed network tests run in', () => {
  // These tests provoke refusals on purpose; what one leaves behind would fail the run.
  afterEach(() => takeRefusals());

  it('refuses a TCP connection outside loopback before it starts, naming the host', () => {
    const socket = new net.Socket();
    assert.throws(() => socket.connect(80, OUTSIDE), refusal);
    assert.equal(socket.connecting, false, 'no connection was begun');
    assert.throws(() => net.connect({ host: OUTSIDE, port: 80 }), refusal);
    assert.deepEqual(takeRefusals(), [`${OUTSIDE}:80`, `${OUTSIDE}:80`]);
  });

  it('refuses a host name without looking it up', () => {
    let lookedUp = false;
    const lookup = () => {
      lookedUp = true;
    };
    assert.throws(() => net.connect({ host: 'example.org', port: 443, lookup }), /refused a connection to example\.org:443/);
    assert.equal(lookedUp, false);
    assert.deepEqual(takeRefusals(), ['example.org:443']);
  });

  it('refuses TLS and fetch outside loopback', async () => {
    assert.throws(() => tls.connect({ host: OUTSIDE, port: 443 }), refusal);
    await assert.rejects(fetch(`http://${OUTSIDE}/`), (error: Error & { cause?: unknown }) => {
      assert.ok(isRefusal(error.cause), String(error.cause));
      assert.match((error.cause as Error).message, refusal);
      return true;
    });
    await assert.rejects(fetch(`https://${OUTSIDE}/`), (error: Error & { cause?: unknown }) => isRefusal(error.cause));
    assert.deepEqual(takeRefusals(), [`${OUTSIDE}:443`, `${OUTSIDE}:80`, `${OUTSIDE}:443`]);
  });

  it('lets connections to loopback and unix sockets through', async () => {
    const server = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const dir = mkdtempSync(join(tmpdir(), 'beacon-sealed-'));
    const path = join(dir, 'socket');
    const unix = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => unix.listen(path, resolve));
    try {
      assert.equal(await attempt(() => net.connect(port, '127.0.0.1')), 'connected');
      assert.equal(await attempt(() => net.connect({ port, host: 'localhost', family: 4 })), 'connected');
      assert.equal(await attempt(() => net.connect(path)), 'connected');
      const response = await fetch(`http://127.0.0.1:${port}/`).catch((error: Error & { cause?: unknown }) => error.cause);
      assert.ok(!isRefusal(response), 'fetch to loopback is not refused');
      // Nothing listens here; whatever the outcome, it is not the guard's refusal.
      const other = await attempt(() => net.connect(1, '::1'));
      assert.ok(!isRefusal(other), String(other));
      assert.deepEqual(takeRefusals(), []);
    } finally {
      server.close();
      unix.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const [how, ending] of [['ends by itself', ''], ['exits with 0', 'process.exit(0);']]) {
    it(`fails a process whose refused connection was caught, when it ${how}`, async () => {
      const script = `try { require('node:net').connect(80, '${OUTSIDE}'); } catch {} ${ending}`;
      await assert.rejects(run(process.execPath, ['--import', 'tsx', '--import', PRELOAD, '-e', script]), (error: { code: number; stderr: string }) => {
        assert.equal(error.code, 1);
        assert.match(error.stderr, new RegExp(`tried to connect outside loopback, to ${OUTSIDE.replaceAll('.', '\\.')}:80`));
        return true;
      });
    });
  }
});
