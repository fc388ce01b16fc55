export { queueScore, scoreHandler, SCORE_KIND } from './grade-passback.js';
export { createOutboxWorker, type OutboxWorker } from './worker.js';
export { startHousekeeping } from './housekeeping.js';
export { listParked, retryParked, type ParkedRow } from './outbox.js';
