export * from './rfc3986';
export * from './hashing';
export * from './volcengine';
export * from './alibabaRpc';
export * from './alibabaAcs3';
export * from './vodCallbackAuth';
