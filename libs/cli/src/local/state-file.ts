import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type PoolStateSnapshot } from '@switchyard/key-pool';
import { ApiError } from '../errors.js';

/** Requests and cost of one key × model on one UTC day. */
export interface DayUsage {
  requests: number;
  /** Micro-USD as a decimal string (JSON has no bigint); null once a request had no price. */
  costMicros: string;
  unpriced: number;
}

/** What local mode remembers between runs. */
export interface LocalState {
  version: 1;
  /** The key pool's own snapshot: cooldowns, escalation, breakers, counters, quota use. */
  pool: PoolStateSnapshot;
  /** UTC `YYYY-MM-DD` the usage is for; a new day starts from nothing. */
  day: string;
  usage: Record<string, DayUsage>;
}

/** Beside the configuration file unless `--state` says otherwise: `keys.yaml` → `keys.state.json`. */
export function defaultStatePath(configFile: string): string {
  const { dir, name } = path.parse(configFile);
  return path.join(dir, `${name}.state.json`);
}

export async function readState(file: string): Promise<LocalState | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ApiError(
      `cannot read the state file ${file}: ${(error as NodeJS.ErrnoException).code}`,
      null,
      null,
      null,
    );
  }
  try {
    const state = JSON.parse(text) as LocalState;
    if (state.version !== 1 || typeof state.pool !== 'object') throw new Error('not a state file');
    return state;
  } catch {
    throw new ApiError(
      `${file} is not a Switchyard state file; move it away to start afresh`,
      null,
      null,
      null,
    );
  }
}

/**
 * Written to a file beside it and renamed over it, so a run that dies half-way, or two runs finishing together,
 * never leave a torn file: the next run reads one whole state or the other.
 */
export async function writeState(file: string, state: LocalState): Promise<void> {
  const staging = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(staging, `${JSON.stringify(state)}\n`, { mode: 0o600 });
    await rename(staging, file);
  } catch (error) {
    await rm(staging, { force: true });
    throw new ApiError(
      `cannot write the state file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      null,
      null,
      null,
    );
  }
}
