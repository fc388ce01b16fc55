export { ltiRoutes } from './routes.js';
export { createToolKeys, type ToolKeys, type PublicJwk, type SigningKey } from './keys.js';
export { createPlatforms, findPlatformById, isRegistrationActive, type Platforms, type PlatformRow, type PlatformRegistration } from './platforms.js';
export { createPlatformKeys, type PlatformKeys } from './platform-keys.js';
export { deleteExpiredStates } from './state.js';
export { CLAIM } from './claims.js';
export { AGS_SCOPE, findOrCreateLineItem, postScore } from './ags.js';
export { createAccessTokens, PlatformCallError, type AccessTokens } from './access-tokens.js';
export { PENDING_LINE_ITEM, storedLineItem, claimLineItemLookup, settleLineItemLookup } from './line-items.js';
