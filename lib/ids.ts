import { v7 } from 'uuid';

/**
 * A UUIDv7 (RFC 9562, from the `uuid` package): Unix milliseconds first, then a counter that keeps ids made in
 * the same millisecond in order, then random bits. Its text sorts in creation order, so rows stored with a
 * seconds timestamp still list in the order they happened when the id breaks ties.
 */
export function timeOrderedId(): string {
  return v7();
}
