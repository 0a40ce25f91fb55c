const REDACTED = '[redacted]';
const MAX_STRING = 2_000;
const MAX_DEPTH = 6;
const MAX_ITEMS = 50;

// Field names that carry secrets. `apiKeyId` / `apiKeyName` are ids, so they stay; `apiKey`, `key`, `token` go.
const SECRET_NAME = /(token|secret|passw(or)?d|passphrase|credential|authorization|cookie|privatekey|^apikey$|^key$|keymaterial|^bearer)/;
// Values shaped like credentials are removed wherever they appear, whatever the field is called.
const SECRET_VALUE = /(\bcog_[A-Za-z0-9_-]{8,}|\bBearer\s+\S+|-----BEGIN [A-Z ]*PRIVATE KEY-----)/g;

/** A copy of a write's input that is safe to store: secrets removed, long text cut, depth and size bounded. */
export function redact(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === 'string') return clip(value.replace(SECRET_VALUE, REDACTED));
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((v) => redact(v, depth + 1));
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value).slice(0, MAX_ITEMS)) {
      out[k] = isSecretName(k) ? REDACTED : redact(v, depth + 1);
    }
    return out;
  }
  return null;
}

function isSecretName(name: string) {
  return SECRET_NAME.test(name.toLowerCase().replace(/[^a-z]/g, ''));
}

function clip(s: string) {
  return s.length > MAX_STRING ? `${s.slice(0, MAX_STRING)}… (${s.length - MAX_STRING} more characters)` : s;
}
