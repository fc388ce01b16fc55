export { adminRoutes } from './routes.js';
export { outboxRoutes } from './outbox-routes.js';
export { createSupport, type Support } from './support.js';
