import { randomFillSync } from 'node:crypto';

// W3C Trace Context (traceparent): accepted from the caller so processing-log entries can be
// followed across organisations, and returned on every response.

export interface Trace {
  traceId: string;
  spanId: string;
  /** The caller's span, when the request came with a valid traceparent. */
  parentSpanId: string | undefined;
  sampled: boolean;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

// Ids come from a pooled random buffer, refilled every 170 traces: two random fills and buffers per
// request were a visible share of a small API request's CPU time.
const randomPool = Buffer.alloc(4096);
let poolOffset = randomPool.length;

function randomHex(bytes: number): string {
  if (poolOffset + bytes > randomPool.length) {
    randomFillSync(randomPool);
    poolOffset = 0;
  }
  poolOffset += bytes;
  return randomPool.toString('hex', poolOffset - bytes, poolOffset);
}

export function newTrace(): Trace {
  return { traceId: randomHex(16), spanId: randomHex(8), parentSpanId: undefined, sampled: true };
}

/** Parses an incoming traceparent; an invalid one starts a new trace, as the spec requires. */
export function traceFromHeader(header: string | string[] | undefined): Trace {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? TRACEPARENT.exec(value.trim().toLowerCase()) : null;
  if (!match) return newTrace();
  const [, version, traceId, parentSpanId, flags] = match as unknown as [string, string, string, string, string];
  if (version === 'ff' || /^0+$/.test(traceId) || /^0+$/.test(parentSpanId)) return newTrace();
  return {
    traceId,
    spanId: randomHex(8),
    parentSpanId,
    sampled: (parseInt(flags, 16) & 1) === 1,
  };
}

export function traceparent(trace: Trace): string {
  return `00-${trace.traceId}-${trace.spanId}-${trace.sampled ? '01' : '00'}`;
}
