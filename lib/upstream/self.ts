import 'server-only';
import type { Transport } from './client';
import { toSelf } from './map';
import { selfSchema } from './schemas';
import type { Self } from './types';

export function createSelfApi(call: Transport) {
  return {
    // GET /v3/self
    async get(): Promise<Self> {
      return toSelf(await call({ method: 'GET', path: '/v3/self', response: selfSchema }));
    },
  };
}

export type SelfApi = ReturnType<typeof createSelfApi>;
