/**
 * The JSON Schema with its documentation in the user's language. VS Code reads the file named by
 * `contributes.jsonValidation` as is, so the build (esbuild.mjs) writes this object for every l10n
 * bundle to `dist/cmg.schema.<lang>.json`, and the manifest's url is the NLS key `%cmg.schema.url%`:
 * package.nls.json names `dist/cmg.schema.json`, package.nls.<lang>.json the translated file. VS
 * Code substitutes `%key%` in every string of the manifest for the display language, so its JSON
 * hovers, enum descriptions and completion labels follow it.
 * Only documentation strings change; the validation keywords are identical.
 */
import { t } from '../l10n';
import schema from './cmg.schema.json';

const TEXT_KEYS = new Set(['markdownDescription', 'description', 'title']);

function walk(node: unknown, visit: (s: string) => string, parentKey?: string): unknown {
  if (Array.isArray(node)) return node.map((n) => walk(n, visit));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (parentKey === 'properties') out[k] = walk(v, visit, k); // k is a property name
    else if (TEXT_KEYS.has(k) && typeof v === 'string') out[k] = visit(v);
    else if (k === 'markdownEnumDescriptions' && Array.isArray(v)) out[k] = v.map((x) => (typeof x === 'string' ? visit(x) : x));
    else if (k === 'defaultSnippets' && Array.isArray(v))
      out[k] = v.map((snip: Record<string, unknown>) => ({
        ...snip,
        ...(typeof snip.label === 'string' ? { label: visit(snip.label) } : {}),
        ...(typeof snip.description === 'string' ? { description: visit(snip.description) } : {}),
      }));
    else out[k] = walk(v, visit, k);
  }
  return out;
}

/** Every documentation string of the schema (the l10n bundle keys). */
export function schemaTexts(): string[] {
  const found = new Set<string>();
  walk(schema, (s) => (found.add(s), s));
  return [...found];
}

/** The schema with documentation strings translated (default: the core's installed l10n bundle). */
export function localizedSchema(translate: (english: string) => string = (s) => t(s)): Record<string, unknown> {
  return walk(schema, translate) as Record<string, unknown>;
}
