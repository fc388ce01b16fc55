export { demoIssuer, setUpDemoPlatform, DEMO_CLIENT_ID, DEMO_DEPLOYMENT_ID } from './platform.js';
export { demoRoutes } from './routes.js';
export { demoLmsServices } from './lms-services.js';
