/*
 * Public entry of the embeddable broker.
 */
export { createBroker, Broker, PIGEON_VERSION, REDIS_VERSION } from './broker.js';
export type { BrokerOptions } from './broker.js';
