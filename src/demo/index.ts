export { demoIssuer, setUpDemoPlatform } from './platform.js';
export { demoRoutes } from './routes.js';
export { demoLmsServices } from './lms-services.js';
