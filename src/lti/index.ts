export { ltiRoutes } from './routes.js';
export { createToolKeys, type ToolKeys, type PublicJwk } from './keys.js';
export { createPlatforms, type Platforms, type PlatformRow, type PlatformRegistration } from './platforms.js';
export { createPlatformKeys, type PlatformKeys } from './platform-keys.js';
export { deleteExpiredStates } from './state.js';
export { CLAIM } from './claims.js';
