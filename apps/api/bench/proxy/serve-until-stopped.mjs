// The child side of a bench process: reports readiness, then closes cleanly when asked or when the bench itself
// goes away. Plain JavaScript, so that the proxies run as they do in production, without a TypeScript loader.

/**
 * @param {unknown} ready
 * @param {() => Promise<void>} close
 * @param {Record<string, () => unknown>} [answers] what the bench may ask the process, by question
 */
export function serveUntilStopped(ready, close, answers = {}) {
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
    else if (typeof message === 'string' && Object.hasOwn(answers, message))
      process.send({ question: message, answer: answers[message]() });
  });
  process.once('disconnect', shutdown);
  process.send({ ready });
}
