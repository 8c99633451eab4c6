// Where a bench process's memory is at its highest: its resident size is sampled every 100 ms, and the sample that
// set the high mark is kept with what it was made of, read at that moment. Plain JavaScript, loaded by the process
// it measures; the cost is one read of /proc per sample.
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';

const SAMPLE_EVERY_MS = 100;

/** @param {string} status @param {string} field */
const kilobytesOf = (status, field) =>
  Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);

/**
 * @typedef {object} PeakMemory
 * @property {number} rss resident bytes at the highest sample
 * @property {number} highWaterMark VmHWM: the highest resident size the kernel saw, between samples too
 * @property {number} fileBacked resident pages of the Node binary and the shared libraries
 * @property {Record<string, number>} heapSpaces V8's committed bytes per heap space
 * @property {number} heapUsed
 * @property {number} native anonymous resident bytes outside V8's heap: malloc (compilers, buffers), WebAssembly
 * @property {number} arrayBuffers
 */

/** Starts sampling; the function it answers reads the peak so far. */
export function trackPeakMemory() {
  /** @type {PeakMemory | undefined} */
  let peak;
  const sample = () => {
    const status = readFileSync('/proc/self/status', 'utf8');
    const rss = kilobytesOf(status, 'VmRSS') * 1024;
    if (peak !== undefined && !(rss > peak.rss)) {
      peak.highWaterMark = kilobytesOf(status, 'VmHWM') * 1024;
      return;
    }
    const heapSpaces = Object.fromEntries(
      v8.getHeapSpaceStatistics().map((space) => [space.space_name, space.space_size]),
    );
    const heapCommitted = Object.values(heapSpaces).reduce((sum, size) => sum + size, 0);
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    peak = {
      rss,
      highWaterMark: kilobytesOf(status, 'VmHWM') * 1024,
      fileBacked: kilobytesOf(status, 'RssFile') * 1024,
      heapSpaces,
      heapUsed,
      native: kilobytesOf(status, 'RssAnon') * 1024 - heapCommitted,
      arrayBuffers,
    };
  };
  setInterval(sample, SAMPLE_EVERY_MS).unref();
  sample();
  return () => {
    sample();
    return peak;
  };
}
