import { describe, expect, it } from '@jest/globals';
import { Counter, Histogram } from './prometheus-text.js';

describe('Prometheus exposition', () => {
  it('renders histogram buckets cumulatively, with +Inf, sum and count', () => {
    const histogram = new Histogram('latency_seconds', 'Latency', [0.1, 1]);
    for (const value of [0.05, 0.5, 0.5, 3]) histogram.observe({ endpoint: '/v1/x' }, value);
    expect(histogram.render().split('\n')).toEqual([
      '# HELP latency_seconds Latency',
      '# TYPE latency_seconds histogram',
      'latency_seconds_bucket{endpoint="/v1/x",le="0.1"} 1',
      'latency_seconds_bucket{endpoint="/v1/x",le="1"} 3',
      'latency_seconds_bucket{endpoint="/v1/x",le="+Inf"} 4',
      'latency_seconds_sum{endpoint="/v1/x"} 4.05',
      'latency_seconds_count{endpoint="/v1/x"} 4',
    ]);
  });

  it('keeps one series per distinct label values and escapes them only in the text', () => {
    const counter = new Counter('requests_total', 'Requests');
    counter.inc({ model: 'a"b' });
    counter.inc({ model: 'a"b' }, 2);
    counter.inc({ model: 'a' });
    expect(counter.render().split('\n').slice(2)).toEqual([
      'requests_total{model="a\\"b"} 3',
      'requests_total{model="a"} 1',
    ]);
  });
});
