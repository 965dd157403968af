import { z } from 'zod';

/** A JSON Schema (draft 2020-12) as zod writes it. */
export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of a zod schema: `input` for what a client sends (defaults make a field
 * optional), `output` for what the API answers. Parts JSON Schema cannot say (a
 * transform) become `{}`: the zod schema still checks them.
 */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function acceptsType(schema: unknown, type: string): boolean {
  if (typeof schema !== 'object' || schema === null) return false;
  const s = schema as { type?: unknown; anyOf?: unknown[]; oneOf?: unknown[] };
  if (s.type === type || (Array.isArray(s.type) && s.type.includes(type))) return true;
  return [...(s.anyOf ?? []), ...(s.oneOf ?? [])].some((part) => acceptsType(part, type));
}

/**
 * Reads a query string's text as the schema's types: a query carries only text, while the
 * use cases' schemas take numbers (`limit`, epoch ms) and booleans as such. Text that is
 * no number stays text, so the schema refuses it with the field's own message.
 */
export function queryReader(schema: z.ZodType): (raw: unknown) => Record<string, unknown> {
  const properties = (jsonSchemaOf(schema, 'input')['properties'] ?? {}) as Record<string, unknown>;
  return (raw) => {
    const out: Record<string, unknown> = {};
    if (typeof raw !== 'object' || raw === null) return out;
    for (const [name, value] of Object.entries(raw)) {
      const spec = properties[name];
      if (typeof value !== 'string') out[name] = value;
      else if ((acceptsType(spec, 'integer') || acceptsType(spec, 'number')) && /^-?\d+(\.\d+)?$/.test(value)) out[name] = Number(value);
      else if (acceptsType(spec, 'boolean') && (value === 'true' || value === 'false')) out[name] = value === 'true';
      else if (acceptsType(spec, 'null') && value === 'null') out[name] = null;
      else out[name] = value;
    }
    return out;
  };
}
