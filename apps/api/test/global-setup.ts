import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTemplateDatabase } from '@switchyard/testing';

/** Migrates one template database per schema version; every spec file clones its own from it. */
export default async function globalSetup(): Promise<void> {
  const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  process.env.SWITCHYARD_TEST_TEMPLATE = await ensureTemplateDatabase(workspaceRoot);
}
