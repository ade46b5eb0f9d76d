// The typed API every face shares: records and inputs, the PonteApi interface, the HTTP client,
// input schemas, and the server.json handshake for finding a running local server.
export * from './types';
export { HttpClient, readEventStream, type HttpClientOptions } from './http-client';
export { validate, checked, invalid, isTimestamp, type Schema } from './validate';
