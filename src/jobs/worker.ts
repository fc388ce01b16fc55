import { randomUUID } from 'node:crypto';
import type { Executor } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { CLAIM_MS, claimDue, recordSend, renewClaims, settle, type Outcome, type OutboxRow } from './outbox.js';

/**
 * Called by a handler right before the call that may deliver the row: it records that the row
 * may have arrived from now on. False means another process has taken the row; do not send.
 */
export type BeforeSend = () => Promise<boolean>;
export type Handler = (row: OutboxRow, beforeSend: BeforeSend) => Promise<Outcome>;

/**
 * Sends outbox rows with their kind's handler; any number of processes can run one. While
 * rows are being sent their claims are renewed every third of the lease, so only a process
 * that stopped (crashed, killed) loses its rows to another, one lease after its last renewal.
 */
export function createOutboxWorker(deps: { db: Executor; clock: Clock; logger: Logger; handlers: Record<string, Handler>; batch?: number; leaseMs?: number }) {
  const worker = `worker-${randomUUID()}`;
  const leaseMs = deps.leaseMs ?? CLAIM_MS;
  const sending = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;

  async function handle(row: OutboxRow): Promise<void> {
    const handler = deps.handlers[row.kind];
    const beforeSend: BeforeSend = () => recordSend(deps.db, row.id, worker, deps.clock.now(), leaseMs);
    let outcome: Outcome;
    sending.add(row.id);
    try {
      outcome = handler ? await handler(row, beforeSend) : { kind: 'park', error: `no handler for ${row.kind}` };
    } catch (error) {
      outcome = { kind: 'retry', error: error instanceof Error ? error.message : String(error) };
    } finally {
      sending.delete(row.id);
    }
    await settle(deps.db, row, outcome, worker, deps.clock.now());
    if (outcome.kind !== 'sent') deps.logger.warn({ outbox: row.id, kind: row.kind, outcome: outcome.kind, error: outcome.error }, 'outbox delivery not done');
  }

  function renew(): void {
    renewClaims(deps.db, worker, [...sending], deps.clock.now(), leaseMs).catch((error: unknown) => deps.logger.warn({ err: error }, 'outbox claims not renewed'));
  }

  /** Sends everything due now; returns how many rows it handled. */
  async function runOnce(): Promise<number> {
    let handled = 0;
    const heartbeat = setInterval(renew, leaseMs / 3);
    try {
      for (;;) {
        const rows = await claimDue(deps.db, worker, deps.clock.now(), deps.batch ?? 20, leaseMs);
        if (rows.length === 0) return handled;
        await Promise.all(rows.map(handle));
        handled += rows.length;
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  return {
    runOnce: () => (running ??= runOnce().finally(() => (running = null))),
    start(intervalMs = 2_000): void {
      const tick = () => {
        void (running ??= runOnce().finally(() => (running = null)))
          .catch((error: unknown) => deps.logger.error({ err: error }, 'outbox worker failed'))
          .finally(() => {
            if (timer) timer = setTimeout(tick, intervalMs);
          });
      };
      timer = setTimeout(tick, intervalMs);
    },
    async stop(): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}

export type OutboxWorker = ReturnType<typeof createOutboxWorker>;
