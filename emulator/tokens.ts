import { randomBytes } from 'node:crypto';
import { stableHex } from './random';

/** A new credential, shown once: real randomness, never derived from the seed. */
export function freshToken(): string {
  return `cog_${randomBytes(24).toString('hex')}`;
}

/** The seeded demo credentials: stable for a seed, so docs and scripts can rely on them. */
export function seededToken(seed: number, name: string): string {
  return `cog_${stableHex(`token:${seed}:${name}`, 48)}`;
}
