/** Seeded at every start when missing. Admins may point one elsewhere (a regional endpoint, a mock) but never delete it. */
export { BUILT_IN_PROVIDERS } from '@switchyard/providers';
