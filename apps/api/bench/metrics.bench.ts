// What the proxy's metrics cost per request, GatewayMetrics' hand-written exposition against prom-client doing the
// same: one request counter with three labels, two histograms and the spend counter, observed once per request,
// then one scrape. Run: cd apps/api && npm run bench:metrics
import { Counter as PromCounter, Histogram as PromHistogram, Registry } from 'prom-client';
import { GatewayMetrics, requestOutcome } from '../src/modules/metrics/gateway-metrics.js';
import { median } from './proxy/report.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const ENDPOINTS = ['/v1/chat/completions', '/v1/messages', '/v1/embeddings'];
const STATUSES = ['200', '200', '200', '429', '502'];
const TEAMS = Array.from({ length: 20 }, (_, index) => `team-${index}`);

interface Observation {
  endpoint: string;
  status: number;
  provider: string;
  latencyMs: number;
  overheadMs: number;
  costMicros: bigint;
  teamId: string;
  refused: boolean;
}

const observations: Observation[] = Array.from({ length: 1024 }, (_, index) => ({
  endpoint: ENDPOINTS[index % ENDPOINTS.length]!,
  status: Number(STATUSES[index % STATUSES.length]),
  provider: index % 7 === 0 ? 'anthropic' : 'openai',
  latencyMs: 5 + (index % 300),
  overheadMs: 0.1 + (index % 10) / 10,
  costMicros: BigInt(index % 50),
  teamId: TEAMS[index % TEAMS.length]!,
  refused: index % 11 === 0,
}));

/** prom-client configured as GatewayMetrics is: same names, labels and buckets. */
function promClientMetrics(gateway: GatewayMetrics) {
  const registry = new Registry();
  const requests = new PromCounter({
    name: gateway.requests.name,
    help: gateway.requests.help,
    labelNames: ['endpoint', 'status', 'provider', 'outcome'],
    registers: [registry],
  });
  const duration = new PromHistogram({
    name: gateway.duration.name,
    help: gateway.duration.help,
    labelNames: ['endpoint'],
    buckets: [...gateway.duration.buckets],
    registers: [registry],
  });
  const overhead = new PromHistogram({
    name: gateway.overhead.name,
    help: gateway.overhead.help,
    labelNames: ['endpoint'],
    buckets: [...gateway.overhead.buckets],
    registers: [registry],
  });
  const spend = new PromCounter({
    name: gateway.spend.name,
    help: gateway.spend.help,
    labelNames: ['team'],
    registers: [registry],
  });
  return {
    observe(observation: Observation): void {
      const endpoint = observation.endpoint;
      requests.inc({
        endpoint,
        status: String(observation.status),
        provider: observation.provider,
        outcome: requestOutcome(observation.status, observation.refused),
      });
      duration.observe({ endpoint }, observation.latencyMs / 1000);
      overhead.observe({ endpoint }, observation.overheadMs / 1000);
      if (observation.costMicros > 0n)
        spend.inc({ team: observation.teamId }, Number(observation.costMicros) / 1e6);
    },
    render: () => registry.metrics(),
  };
}

/** Nanoseconds per observed request. */
function timeObservations(observe: (observation: Observation) => void): number {
  const started = process.hrtime.bigint();
  for (let index = 0; index < REQUESTS; index += 1) observe(observations[index & 1023]!);
  return Number(process.hrtime.bigint() - started) / REQUESTS;
}

async function timeRender(render: () => string | Promise<string>): Promise<number> {
  const started = process.hrtime.bigint();
  for (let index = 0; index < 100; index += 1) await render();
  return Number(process.hrtime.bigint() - started) / 100 / 1e6;
}

const handWritten = new GatewayMetrics();
const promClient = promClientMetrics(handWritten);
const render = {
  handWritten: () =>
    [handWritten.requests, handWritten.duration, handWritten.overhead, handWritten.spend]
      .map((metric) => metric.render())
      .join('\n\n'),
  promClient: promClient.render,
};
const perRequest = { handWritten: [] as number[], promClient: [] as number[] };
const perScrape = { handWritten: [] as number[], promClient: [] as number[] };
timeObservations((observation) => handWritten.observe(observation));
timeObservations((observation) => promClient.observe(observation));
for (let round = 0; round < ROUNDS; round += 1) {
  // Which goes first alternates, so that a busy moment of the machine is shared out.
  const order =
    round % 2 === 0 ? (['handWritten', 'promClient'] as const) : (['promClient', 'handWritten'] as const);
  for (const which of order) {
    const observe =
      which === 'handWritten'
        ? (observation: Observation) => handWritten.observe(observation)
        : (observation: Observation) => promClient.observe(observation);
    perRequest[which].push(timeObservations(observe));
    perScrape[which].push(await timeRender(render[which]));
  }
}

const ratios = perRequest.promClient.map((value, round) => value / perRequest.handWritten[round]!);
console.log(
  `${ROUNDS} rounds of ${REQUESTS.toLocaleString('en-US')} requests' observations (3 endpoints, 5 statuses, 2 providers, 20 teams); medians\n`,
);
console.log('| exposition | ns per request | ms per scrape |');
console.log('|---|--:|--:|');
for (const which of ['handWritten', 'promClient'] as const)
  console.log(
    `| ${which === 'handWritten' ? 'GatewayMetrics (hand-written)' : 'prom-client 15'} | ${median(perRequest[which]).toFixed(0)} | ${median(perScrape[which]).toFixed(3)} |`,
  );
console.log(
  `\nprom-client costs ${(median(perRequest.promClient) - median(perRequest.handWritten)).toFixed(0)} ns more per request (${median(ratios).toFixed(2)}× the hand-written)`,
);
