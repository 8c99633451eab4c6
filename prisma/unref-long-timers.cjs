// The WebAssembly schema engine leaves 10 s and 60 s timers pending, which keeps the CLI alive long after
// its work is done. Long timers never carry work the CLI waits for, so they must not hold the process open.
const LONG_TIMER_MS = 5000;
for (const name of ['setTimeout', 'setInterval']) {
  const original = globalThis[name];
  globalThis[name] = function (callback, ms, ...args) {
    const timer = original.call(this, callback, ms, ...args);
    if (typeof ms === 'number' && ms >= LONG_TIMER_MS && timer && typeof timer.unref === 'function')
      timer.unref();
    return timer;
  };
}
