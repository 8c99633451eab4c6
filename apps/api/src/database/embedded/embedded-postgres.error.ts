/** Why the embedded database cannot run here, in one line; the start names DATABASE_URL as the way out. */
export class EmbeddedPostgresError extends Error {
  override readonly name = 'EmbeddedPostgresError';
}
