/**
 * CFG-SCHEMA: validates the parsed configuration against cmg.schema.json with ajv and turns
 * every ajv error into a localized finding (with quick fixes where the fix is unambiguous).
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import * as jsonc from 'jsonc-parser';
import type { Finding } from '../findings';
import { t } from '../l10n';
import precompiled from './cmg.validate';
import { insertProperty, removeAt, replaceValue } from './edits';
import { findingRange, keyRange, pathToPointer, pointerToPath, type ParsedConfig } from './parse';

/** The schema's validator, generated ahead of time (gen-validator.mjs): no compile at run time. */
function validate(): ValidateFunction {
  return precompiled;
}

/** Reads the value at a pointer in plain JSON data. */
export function valueAt(data: unknown, pointer: string): unknown {
  let v: unknown = data;
  for (const seg of pointerToPath(pointer)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

/** `/gateways/0/vmInstances` → `gateways[0].vmInstances` (not translated: it is the file's own words). */
export function displayPath(pointer: string): string {
  let out = '';
  for (const seg of pointerToPath(pointer)) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out || t('the file');
}

/** A short, readable rendering of a user value for messages. */
export function show(value: unknown): string {
  let s: string;
  try {
    s = value === undefined ? 'undefined' : JSON.stringify(value);
  } catch {
    s = String(value);
  }
  return s.length > 60 ? s.slice(0, 57) + '…' : s;
}

const DATA_TRANSFER_DEFAULT = { enabled: true, thresholdGB: 10000, warningPercent: 50, criticalPercent: 90, stopServiceWhenCritical: false };
const STORAGE_DEFAULT = { enabled: false, thresholdGB: 2, warningPercent: 50, criticalPercent: 90 };

/** Console defaults for a missing required property, by the kind of object it belongs to. */
function defaultFor(parentPointer: string, property: string): { value: unknown } | undefined {
  const segs = pointerToPath(parentPointer);
  const kind =
    segs.length === 0
      ? 'root'
      : segs.length === 2 && segs[0] === 'gateways'
        ? 'gateway'
        : segs.length === 3 && segs[2] === 'alerts'
          ? 'alerts'
          : segs.length === 4 && segs[3] === 'dataTransfer'
            ? 'dataTransfer'
            : segs.length === 4 && segs[3] === 'storage'
              ? 'storage'
              : 'other';
  const table: Record<string, Record<string, unknown>> = {
    root: { version: 1, gateways: [], connectionPoints: [], siteRoles: [] },
    gateway: {
      deploymentMethod: 'vmss',
      environment: 'AzurePublicCloud',
      vmSize: 'Standard_A2_v2',
      vmInstances: 1,
      trustedCertificates: [],
      verifyClientCertificateRevocation: true,
      enforceTls12: true,
      allowContent: true,
      alerts: { dataTransfer: DATA_TRANSFER_DEFAULT, storage: STORAGE_DEFAULT },
      boundaryGroups: [],
    },
    alerts: { dataTransfer: DATA_TRANSFER_DEFAULT, storage: STORAGE_DEFAULT },
    dataTransfer: { enabled: true, warningPercent: 50, criticalPercent: 90, stopServiceWhenCritical: false },
    storage: { enabled: false, thresholdGB: 2, warningPercent: 50, criticalPercent: 90 },
  };
  const row = table[kind];
  return row && Object.prototype.hasOwnProperty.call(row, property) ? { value: row[property] } : undefined;
}


/** Errors that a dedicated rule reports better (with its own ID and fix). */
function handledElsewhere(e: ErrorObject): boolean {
  const segs = pointerToPath(e.instancePath);
  const last = segs[segs.length - 1];
  if (last === 'subscriptionId' && e.keyword === 'pattern') return true; // CFG-SUBSCRIPTION
  if (last === 'vmInstances' && (e.keyword === 'minimum' || e.keyword === 'maximum')) return true; // CFG-VM-COUNT
  if (last === 'version' && segs.length === 2 && segs[0] === 'site' && e.keyword === 'pattern') return true; // CFG-SITE-VERSION
  return false;
}

function typeMessage(where: string, type: string, found: string): string {
  switch (type) {
    case 'string':
      return t('{0} must be a string; found {1}.', where, found);
    case 'boolean':
      return t('{0} must be true or false; found {1}.', where, found);
    case 'integer':
      return t('{0} must be a whole number; found {1}.', where, found);
    case 'number':
      return t('{0} must be a number; found {1}.', where, found);
    case 'object':
      return t('{0} must be an object; found {1}.', where, found);
    case 'array':
      return t('{0} must be a list; found {1}.', where, found);
    default:
      return t('{0} has the wrong type; found {1}.', where, found);
  }
}

function patternMessage(pointer: string, value: unknown): string {
  const segs = pointerToPath(pointer);
  const last = segs[segs.length - 1];
  const v = show(value);
  if (last === 'code' || last === 'siteCode') return t('Site code {0} must be three letters or digits.', v);
  if (last === 'serviceFqdn') return t('Service name {0} is not a fully qualified domain name (for example granitefalls.contoso.com).', v);
  if (last === 'name' && segs[segs.length - 2] === 'resourceGroup')
    return t('Resource group name {0} may contain only letters, digits, "-", "_", ".", "(" and ")", and must not end with ".".', v);
  return t('{0} has an invalid format: {1}.', displayPath(pointer), v);
}

function translate(parsed: ParsedConfig, data: unknown, e: ErrorObject): Finding {
  const where = displayPath(e.instancePath);
  const value = valueAt(data, e.instancePath);
  const base = { rule: 'CFG-SCHEMA', severity: 'error' as const };
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = String((e.params as { additionalProperty: string }).additionalProperty);
      const pointer = pathToPointer([...pointerToPath(e.instancePath), prop]);
      return {
        ...base,
        message: t('Unknown property "{0}" in {1}.', prop, where),
        path: pointer,
        range: keyRange(parsed, pointer) ?? findingRange(parsed, pointer),
        fixes: [{ title: t('Remove property "{0}"', prop), edits: removeAt(parsed, pointer), preferred: true }],
      };
    }
    case 'required': {
      const prop = String((e.params as { missingProperty: string }).missingProperty);
      const pointer = pathToPointer([...pointerToPath(e.instancePath), prop]);
      const def = defaultFor(e.instancePath, prop);
      return {
        ...base,
        message: t('Missing required property "{0}" in {1}.', prop, where),
        path: pointer,
        range: findingRange(parsed, e.instancePath),
        fixes: def
          ? [{ title: t('Add "{0}" with the console default {1}', prop, show(def.value)), edits: insertProperty(parsed, pointer, def.value), preferred: true }]
          : undefined,
      };
    }
    case 'type':
      return { ...base, message: typeMessage(where, String((e.params as { type: string }).type), show(value)), path: e.instancePath, range: findingRange(parsed, e.instancePath) };
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      const sameCase =
        typeof value === 'string' ? allowed.find((a) => typeof a === 'string' && a.toLowerCase() === value.toLowerCase()) : undefined;
      return {
        ...base,
        message: t('{0} must be one of {1}; found {2}.', where, allowed.map((a) => show(a)).join(', '), show(value)),
        path: e.instancePath,
        range: findingRange(parsed, e.instancePath),
        fixes:
          sameCase !== undefined
            ? [{ title: t('Change to {0}', show(sameCase)), edits: replaceValue(parsed, e.instancePath, sameCase as string), preferred: true }]
            : undefined,
      };
    }
    case 'minimum':
      return { ...base, message: t('{0} must be at least {1}; found {2}.', where, String((e.params as { limit: number }).limit), show(value)), path: e.instancePath, range: findingRange(parsed, e.instancePath) };
    case 'maximum':
      return { ...base, message: t('{0} must be at most {1}; found {2}.', where, String((e.params as { limit: number }).limit), show(value)), path: e.instancePath, range: findingRange(parsed, e.instancePath) };
    case 'minLength':
      return { ...base, message: t('{0} must not be empty.', where), path: e.instancePath, range: findingRange(parsed, e.instancePath) };
    case 'maxLength':
      return { ...base, message: t('{0} must be at most {1} characters long.', where, String((e.params as { limit: number }).limit)), path: e.instancePath, range: findingRange(parsed, e.instancePath) };
    case 'pattern':
      return { ...base, message: patternMessage(e.instancePath, value), path: e.instancePath, range: findingRange(parsed, e.instancePath) };
    default:
      return { ...base, message: t('{0} does not match the CMG configuration schema ({1}).', where, e.keyword), path: e.instancePath, range: findingRange(parsed, e.instancePath) };
  }
}

/** CFG-SCHEMA findings for a parsed file (none when the text did not parse to a value). */
export function schemaFindings(parsed: ParsedConfig): Finding[] {
  if (!parsed.root) return [];
  const data: unknown = parsed.config ?? jsonc.getNodeValue(parsed.root);
  const v = validate();
  if (v(data)) return [];
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const e of v.errors ?? []) {
    if (handledElsewhere(e)) continue;
    const f = translate(parsed, data, e);
    const key = `${f.path}\u0000${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}
