import { defineConfig } from 'drizzle-kit'

// `npm run db:generate -- --name <change>` writes reviewed SQL to db/migrations (CONVENTIONS C4).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: '../../db/migrations',
  casing: 'snake_case',
})
