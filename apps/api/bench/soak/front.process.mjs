// The round-robin front of `npm run replicas` on its own event loop, over the replica ports in SOAK_TARGETS.
import { startRoundRobin } from '../../../../scripts/round-robin.mjs';
import { serveUntilStopped } from '../proxy/serve-until-stopped.mjs';

const targets = (process.env.SOAK_TARGETS ?? '').split(',').map(Number);
const front = await startRoundRobin({ port: 0, targets });
serveUntilStopped({ url: `http://127.0.0.1:${front.port}` }, () => front.close());
