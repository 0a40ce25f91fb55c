/*
 * Documented examples from the vendored contract's schemas, in the two forms a client
 * must survive: minimal (only required fields, null wherever nullable, optional fields
 * absent) and full (every documented field, with a non-null value).
 */

type Schema = Record<string, unknown>;
export type Form = 'minimal' | 'full';

export function exampleOf(schema: Schema, components: Record<string, Schema>, form: Form, name = ''): unknown {
  const ref = schema.$ref as string | undefined;
  if (ref) return exampleOf(components[ref.split('/').at(-1)!]!, components, form, name);
  if ('const' in schema) return schema.const;
  const variants = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (variants) {
    const nonNull = variants.filter((v) => v.type !== 'null');
    if (form === 'minimal' && nonNull.length < variants.length) return null;
    return exampleOf(nonNull[0]!, components, form, name);
  }
  if (Array.isArray(schema.enum)) return schema.enum[form === 'minimal' ? 0 : schema.enum.length - 1];
  switch (schema.type) {
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      const required = new Set((schema.required ?? []) as string[]);
      const keys = Object.keys(props).filter((k) => form === 'full' || required.has(k));
      return Object.fromEntries(keys.map((k) => [k, exampleOf(props[k]!, components, form, k)]));
    }
    case 'array':
      return [exampleOf(schema.items as Schema, components, form, name)];
    case 'string':
      return name.endsWith('_id') ? `${name.replace(/_id$/, '')}-abc123` : name.includes('email') ? 'ada@example.test' : `${name || 'text'} example`;
    case 'integer':
      return name.endsWith('_at') || name === 'date' || name === 'after' || name === 'before' ? 1_767_225_600 : 3;
    case 'number':
      return 2.5;
    case 'boolean':
      return form === 'full';
    default:
      return {};
  }
}
