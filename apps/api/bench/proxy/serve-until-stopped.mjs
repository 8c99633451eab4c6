// The child side of a bench process: reports readiness, then closes cleanly when asked or when the bench itself
// goes away. Plain JavaScript, so that the proxies run as they do in production, without a TypeScript loader.

/** @param {unknown} ready @param {() => Promise<void>} close */
export function serveUntilStopped(ready, close) {
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    close()
      .catch((error) => console.error(error))
      .finally(() => process.exit(0));
  };
  process.on('message', (message) => {
    if (message === 'stop') shutdown();
  });
  process.once('disconnect', shutdown);
  process.send({ ready });
}
