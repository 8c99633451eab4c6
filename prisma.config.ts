import 'dotenv/config';
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { createMigrationAdapter } from './prisma/migration-adapter.js';

// The WebAssembly schema engine ("js") is used because the native engine is a separate download.
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  adapter: async () => createMigrationAdapter(requireDatabaseUrl()),
});

function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: prisma migrate needs a database to talk to');
  return url;
}
