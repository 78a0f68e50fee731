export * from './factories.ts'
export * from './line-events.ts'
export * from './storage.ts'
