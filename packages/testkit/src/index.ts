export * from './wait-for';
export * from './free-port';
export * from './scratch-database';
export * from './service-process';
export { healthStatus, closeHealthClients } from '@chrono/kit';
export * from './reflection-check';
export * from './unary';
export * from './service-lifecycle-suite';
export * from './private-redis';
