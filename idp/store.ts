import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

/**
 * In-memory storage for oidc-provider's artifacts (sessions, interactions,
 * grants, codes, tokens), one per IdP instance: two IdPs in one process
 * (tests, the demo launcher) share nothing, and everything goes with close().
 * Lost on restart, which is right for the demo IdP: its keys are per start too.
 */

interface Entry {
  payload: AdapterPayload;
  /** Epoch milliseconds; Infinity when the artifact has no expiry. */
  expiresAt: number;
}

/** Models whose artifacts hang off a grant and go when it is revoked. */
const GRANT_BOUND = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest', 'PreAuthorizedCode']);
const SWEEP_EVERY_MS = 60_000;

export interface MemoryStore {
  adapter: AdapterFactory;
  clear(): void;
}

export function createMemoryStore(now: () => number = Date.now): MemoryStore {
  const entries = new Map<string, Entry>();
  /** Secondary indexes: `Session:uid:<uid>` / `DeviceCode:userCode:<code>` → entry key. */
  const lookups = new Map<string, string>();
  /** `<model>:<grantId>` → keys of that model's artifacts under the grant. */
  const byGrant = new Map<string, Set<string>>();
  let lastSweep = now();

  const indexKeys = (model: string, payload: AdapterPayload) => ({
    uid: payload.uid ? `${model}:uid:${payload.uid}` : undefined,
    userCode: payload.userCode ? `${model}:userCode:${payload.userCode}` : undefined,
    grant: GRANT_BOUND.has(model) && payload.grantId ? `${model}:${payload.grantId}` : undefined,
  });

  function remove(model: string, key: string) {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    const { uid, userCode, grant } = indexKeys(model, entry.payload);
    for (const lookup of [uid, userCode]) if (lookup && lookups.get(lookup) === key) lookups.delete(lookup);
    if (grant) {
      const members = byGrant.get(grant);
      members?.delete(key);
      if (members?.size === 0) byGrant.delete(grant);
    }
  }

  function live(model: string, key: string | undefined): Entry | undefined {
    if (key === undefined) return undefined;
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      remove(model, key);
      return undefined;
    }
    return entry;
  }

  function sweep() {
    const time = now();
    if (time - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = time;
    for (const [key, entry] of entries) {
      if (entry.expiresAt <= time) remove(key.slice(0, key.indexOf(':')), key);
    }
  }

  function adapterFor(model: string): Adapter {
    const keyOf = (id: string) => `${model}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        sweep();
        const key = keyOf(id);
        remove(model, key);
        entries.set(key, { payload, expiresAt: typeof expiresIn === 'number' ? now() + expiresIn * 1000 : Infinity });
        const { uid, userCode, grant } = indexKeys(model, payload);
        if (uid) lookups.set(uid, key);
        if (userCode) lookups.set(userCode, key);
        if (grant) byGrant.set(grant, (byGrant.get(grant) ?? new Set()).add(key));
      },
      async find(id) {
        return live(model, keyOf(id))?.payload;
      },
      async findByUid(uid) {
        return live(model, lookups.get(`${model}:uid:${uid}`))?.payload;
      },
      async findByUserCode(userCode) {
        return live(model, lookups.get(`${model}:userCode:${userCode}`))?.payload;
      },
      async consume(id) {
        const entry = live(model, keyOf(id));
        if (entry) entry.payload.consumed = Math.floor(now() / 1000);
      },
      async destroy(id) {
        remove(model, keyOf(id));
      },
      async revokeByGrantId(grantId) {
        for (const key of [...(byGrant.get(`${model}:${grantId}`) ?? [])]) remove(model, key);
      },
    };
  }

  return {
    adapter: adapterFor,
    clear() {
      entries.clear();
      lookups.clear();
      byGrant.clear();
    },
  };
}
