import { randomUUID } from 'node:crypto';
import type { Executor } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { claimDue, settle, type Outcome, type OutboxRow } from './outbox.js';

export type Handler = (row: OutboxRow) => Promise<Outcome>;

/** Sends outbox rows with their kind's handler; any number of processes can run one. */
export function createOutboxWorker(deps: { db: Executor; clock: Clock; logger: Logger; handlers: Record<string, Handler>; batch?: number }) {
  const worker = `worker-${randomUUID()}`;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;

  async function handle(row: OutboxRow): Promise<void> {
    const handler = deps.handlers[row.kind];
    let outcome: Outcome;
    try {
      outcome = handler ? await handler(row) : { kind: 'park', error: `no handler for ${row.kind}` };
    } catch (error) {
      outcome = { kind: 'retry', error: error instanceof Error ? error.message : String(error) };
    }
    await settle(deps.db, row, outcome, worker, deps.clock.now());
    if (outcome.kind !== 'sent') deps.logger.warn({ outbox: row.id, kind: row.kind, outcome: outcome.kind, error: outcome.error }, 'outbox delivery not done');
  }

  /** Sends everything due now; returns how many rows it handled. */
  async function runOnce(): Promise<number> {
    let handled = 0;
    for (;;) {
      const rows = await claimDue(deps.db, worker, deps.clock.now(), deps.batch ?? 20);
      if (rows.length === 0) return handled;
      await Promise.all(rows.map(handle));
      handled += rows.length;
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
