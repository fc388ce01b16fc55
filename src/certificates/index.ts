export { createCertificates, type Certificates } from './service.js';
export { certificateRoutes } from './routes.js';
