import passport, { type Strategy } from 'passport';

/**
 * Runs one passport strategy instance on a request. Strategies are passed as instances, not looked up by name,
 * because passport's name registry is process-wide: two apps in one process (replicas in tests, say) would
 * otherwise authenticate against each other's users.
 */
export function runStrategy<T>(
  strategy: Strategy,
  request: object,
  response: object,
): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    // Passport sets per-request callbacks on the strategy object itself, so each request gets its own
    // prototype-linked copy, as passport does for the strategies it looks up by name.
    const middleware = passport.authenticate(
      Object.create(strategy) as Strategy,
      { session: false },
      (error: unknown, user: T | false) => {
        if (error) reject(error);
        else resolve(user || undefined);
      },
    ) as (req: object, res: object, next: (error?: unknown) => void) => void;
    middleware(request, response, (error?: unknown) => (error ? reject(error) : resolve(undefined)));
  });
}
