import { randomBytes } from 'node:crypto';

let lastMs = -1;
let sequence = 0;

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, a 12-bit counter for ids made in the same millisecond by
 * this process, then random bits. Its text sorts in creation order, so rows stored with a seconds timestamp
 * still list in the order they happened (a create before the member add that follows it) when the id breaks ties.
 */
export function timeOrderedId(at: number = Date.now()): string {
  sequence = at === lastMs ? (sequence + 1) & 0xfff : 0;
  lastMs = at;
  const bytes = randomBytes(16);
  bytes.writeUIntBE(at, 0, 6);
  bytes.writeUInt16BE(0x7000 | sequence, 6);
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
