import { describe, expect, it } from 'vitest';
import { newTrace, traceFromHeader, traceparent } from './trace.ts';

describe('trace ids', () => {
  it('are well-formed and never repeat, also across refills of the random pool', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const trace = newTrace();
      expect(traceparent(trace)).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(trace.traceId).not.toMatch(/^0+$/);
      seen.add(trace.traceId);
      seen.add(trace.spanId);
    }
    expect(seen.size).toBe(2000);
  });

  it('keep the caller trace and give this hop its own span', () => {
    const trace = traceFromHeader('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(trace.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(trace.parentSpanId).toBe('00f067aa0ba902b7');
    expect(trace.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(trace.spanId).not.toBe(trace.parentSpanId);
  });
});
