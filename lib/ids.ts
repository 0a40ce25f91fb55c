import { randomBytes } from 'node:crypto';

// On globalThis: Next.js may load this module once per bundle, and ids from all of them must sort together.
const clock = globalThis as typeof globalThis & { __portalIdClock?: { lastMs: number; sequence: number } };
const state = (clock.__portalIdClock ??= { lastMs: -1, sequence: 0 });

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, a 12-bit counter for ids made in the same millisecond by
 * this process, then random bits. Its text sorts in creation order, so rows stored with a seconds timestamp
 * still list in the order they happened (a create before the member add that follows it) when the id breaks ties.
 */
export function timeOrderedId(at: number = Date.now()): string {
  state.sequence = at === state.lastMs ? (state.sequence + 1) & 0xfff : 0;
  state.lastMs = at;
  const bytes = randomBytes(16);
  bytes.writeUIntBE(at, 0, 6);
  bytes.writeUInt16BE(0x7000 | state.sequence, 6);
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
