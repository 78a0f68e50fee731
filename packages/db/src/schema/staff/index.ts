export { staffMemberships, staffRole, staffUsers } from './tables.ts'
