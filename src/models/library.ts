// Loading models: the built-in library (YAML files in the repository's models/ folder, shipped as
// data) and user models, validated with messages naming the file and the field.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ConfigError } from '../schema/errors.js';
import { checkModel } from './engine.js';
import { ModelSchema, type Model } from './model-schema.js';

/** The built-in library: <repo>/models/**\/*.yaml (the same path from src/ and dist/). */
export const BUILTIN_MODELS_DIR = fileURLToPath(new URL('../../models/', import.meta.url));

export function parseModel(text: string, name: string): Model {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new ConfigError('bad_model', `${name} is not valid YAML: ${(err as Error).message}`);
  }
  const r = ModelSchema.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new ConfigError('bad_model', `${name} is not a valid model:\n${lines.join('\n')}`);
  }
  try {
    checkModel(r.data);
  } catch (err) {
    throw new ConfigError('bad_model', `${name} is not a valid model:\n  ${(err as Error).message}`);
  }
  return r.data;
}

export function loadModels(dir = BUILTIN_MODELS_DIR): Model[] {
  const out: Model[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, f.name);
      if (f.isDirectory()) walk(p);
      else if (/\.(ya?ml|json)$/.test(f.name)) out.push(parseModel(readFileSync(p, 'utf8'), p));
    }
  };
  walk(dir);
  const ids = new Set<string>();
  for (const m of out) {
    if (ids.has(m.id)) throw new ConfigError('duplicate_model', `two models have the id ${m.id}`);
    ids.add(m.id);
  }
  return out;
}
