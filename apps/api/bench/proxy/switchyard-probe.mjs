// Preloaded (`node --import`) into the Switchyard process the proxy bench measures, which runs the API as it is
// deployed: the build's bundle with its own main. Over the IPC channel the bench forked it with, this reports the
// API's URL once /health/ready answers, answers what the bench asks (the peak memory), and turns the bench's stop,
// or the bench going away, into the SIGTERM the API shuts down on. Plain JavaScript on node:http, which the API
// loads anyway, so it adds next to nothing to what is measured.
import http from 'node:http';
import { trackPeakMemory } from './peak-memory.mjs';
import { serveUntilStopped } from './serve-until-stopped.mjs';

const POLL_EVERY_MS = 100;
const peakMemory = trackPeakMemory();
const url = `http://127.0.0.1:${process.env.PORT}`;

const answersReady = () =>
  new Promise((resolve) => {
    const request = http.get(`${url}/health/ready`, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.once('error', () => resolve(false));
  });

// The API exits by itself once it has shut down.
const stop = () => {
  process.kill(process.pid, 'SIGTERM');
  return new Promise(() => {});
};

const poll = async () => {
  if (await answersReady()) serveUntilStopped({ url }, stop, { 'peak-memory': peakMemory });
  else setTimeout(poll, POLL_EVERY_MS);
};
setTimeout(poll, POLL_EVERY_MS);
