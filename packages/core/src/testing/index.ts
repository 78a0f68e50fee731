export * from './factories.ts'
export * from './line-events.ts'
