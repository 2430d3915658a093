/**
 * The wizard's pure part (no `vscode`, no DOM): version gates, defaults, answers ⇄ gateway,
 * field ⇄ JSON pointer, step logic, and the JSON edit Finish applies. Unit-tested on its own.
 */
import { applyEdits, findNodeAtLocation, modify, parseTree, type FormattingOptions, type JSONPath } from 'jsonc-parser';
import { t } from '../core/l10n';
import type { Finding, TextEdit } from '../core/findings';
import { fieldRule } from '../core/plan/fieldModes';
import {
  FIELD_IDS,
  type FieldAccess,
  type FieldFinding,
  type FieldId,
  type VersionGates,
  type WizardAnswers,
  type WizardMode,
} from './protocol';

// ---------------------------------------------------------------- fields and pointers

/** Where each answer lives, relative to the gateway object (undefined = not stored there). */
export const FIELD_POINTERS: { readonly [K in FieldId]?: string } = {
  name: '/name',
  description: '/description',
  environment: '/environment',
  deploymentMethod: '/deploymentMethod',
  subscriptionId: '/subscriptionId',
  serverCertificate: '/serverCertificate',
  serviceFqdn: '/serviceFqdn',
  region: '/region',
  resourceGroupName: '/resourceGroup/name',
  resourceGroupCreate: '/resourceGroup/create',
  vmSize: '/vmSize',
  vmInstances: '/vmInstances',
  trustedCertificates: '/trustedCertificates',
  verifyClientCertificateRevocation: '/verifyClientCertificateRevocation',
  enforceTls12: '/enforceTls12',
  allowContent: '/allowContent',
  dtEnabled: '/alerts/dataTransfer/enabled',
  dtThresholdGB: '/alerts/dataTransfer/thresholdGB',
  dtWarningPercent: '/alerts/dataTransfer/warningPercent',
  dtCriticalPercent: '/alerts/dataTransfer/criticalPercent',
  dtStop: '/alerts/dataTransfer/stopServiceWhenCritical',
  stEnabled: '/alerts/storage/enabled',
  stThresholdGB: '/alerts/storage/thresholdGB',
  stWarningPercent: '/alerts/storage/warningPercent',
  stCriticalPercent: '/alerts/storage/criticalPercent',
};

type NumericField = 'vmInstances' | 'dtThresholdGB' | 'dtWarningPercent' | 'dtCriticalPercent' | 'stThresholdGB' | 'stWarningPercent' | 'stCriticalPercent';
const NUMERIC_FIELDS: readonly NumericField[] = [
  'vmInstances', 'dtThresholdGB', 'dtWarningPercent', 'dtCriticalPercent', 'stThresholdGB', 'stWarningPercent', 'stCriticalPercent',
];

/** The field a gateway-relative pointer belongs to (longest matching prefix), if any. */
export function fieldForPointer(relative: string): FieldId | undefined {
  let best: FieldId | undefined;
  let bestLen = -1;
  for (const id of FIELD_IDS) {
    const p = FIELD_POINTERS[id];
    if (!p) continue;
    if ((relative === p || relative.startsWith(p + '/')) && p.length > bestLen) {
      best = id;
      bestLen = p.length;
    }
  }
  if (!best && relative === '/resourceGroup') return 'resourceGroupName';
  if (!best && relative.startsWith('/alerts/dataTransfer')) return 'dtEnabled';
  if (!best && relative.startsWith('/alerts/storage')) return 'stEnabled';
  return best;
}

/**
 * Findings of the whole file narrowed to the gateway (and its new connection point), each put
 * under its field. Findings on other gateways or elsewhere in the file are not the wizard's.
 */
export function mapFindings(findings: readonly Finding[], gatewayPointer: string, connectionPointPointer?: string): FieldFinding[] {
  const out: FieldFinding[] = [];
  for (const f of findings) {
    if (f.path === undefined) continue;
    let field: FieldId | undefined;
    if (f.path === gatewayPointer || f.path.startsWith(gatewayPointer + '/')) {
      field = fieldForPointer(f.path.slice(gatewayPointer.length));
    } else if (connectionPointPointer && (f.path === connectionPointPointer || f.path.startsWith(connectionPointPointer + '/'))) {
      field = 'connectionPointServer';
    } else {
      continue;
    }
    const ff: FieldFinding = { rule: f.rule, severity: f.severity, message: f.message };
    if (field) ff.field = field;
    out.push(ff);
  }
  return out;
}

// ---------------------------------------------------------------- versions and defaults

/** What the site version offers (rules doc 1.2–1.5, 2.1, 2.2). Malformed version = current. */
export function versionGates(siteVersion: string): VersionGates {
  const v = /^\d{4}$/.test(siteVersion) ? Number(siteVersion) : 9999;
  const methods: VersionGates['methods'] = v < 2010 ? ['classic'] : v < 2203 ? ['vmss', 'classic'] : ['vmss'];
  return { siteVersion, methods, vmSizeChoice: v >= 2107, tls12: v >= 1906, usGovVmss: v >= 2111 };
}

export function defaultAnswers(gates: VersionGates): WizardAnswers {
  return {
    name: '',
    description: '',
    environment: 'AzurePublicCloud',
    deploymentMethod: gates.methods[0] ?? 'vmss',
    subscriptionId: '',
    serverCertificate: '',
    wildcardHost: '',
    serviceFqdn: '',
    region: '',
    resourceGroupName: '',
    resourceGroupCreate: true,
    vmSize: 'Standard_A2_v2',
    vmInstances: '1',
    trustedCertificates: [],
    verifyClientCertificateRevocation: true,
    enforceTls12: gates.tls12,
    allowContent: true,
    // [mon] gives both 10 GB and 10000 for the 14-day threshold (rules doc 8.2): the admin decides,
    // the alert starts off.
    dtEnabled: false,
    dtThresholdGB: '10000',
    dtWarningPercent: '50',
    dtCriticalPercent: '90',
    dtStop: false,
    stEnabled: false,
    stThresholdGB: '2',
    stWarningPercent: '50',
    stCriticalPercent: '90',
    connectionPointServer: '',
  };
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : '';
}
function bool(v: unknown, fallback: boolean): boolean {
  return typeof v === 'boolean' ? v : fallback;
}
function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
function oneOf<T extends string>(v: unknown, values: readonly T[], fallback: T): T {
  return typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as T) : fallback;
}

/** The answers describing an existing gateway (tolerant: a half-written gateway still opens). */
export function answersFromGateway(gateway: unknown, gates: VersionGates): WizardAnswers {
  const g = obj(gateway);
  const d = defaultAnswers(gates);
  const rg = obj(g.resourceGroup);
  const alerts = obj(g.alerts);
  const dt = obj(alerts.dataTransfer);
  const st = obj(alerts.storage);
  const num = (v: unknown, fallback: string) => (v === undefined ? fallback : str(v));
  return {
    name: str(g.name),
    description: str(g.description),
    environment: oneOf(g.environment, ['AzurePublicCloud', 'AzureUSGovernmentCloud'] as const, d.environment),
    deploymentMethod: oneOf(g.deploymentMethod, ['vmss', 'classic'] as const, d.deploymentMethod),
    subscriptionId: str(g.subscriptionId),
    serverCertificate: str(g.serverCertificate),
    wildcardHost: '',
    serviceFqdn: str(g.serviceFqdn),
    region: str(g.region),
    resourceGroupName: str(rg.name),
    resourceGroupCreate: bool(rg.create, false),
    vmSize: oneOf(g.vmSize, ['Standard_A2_v2', 'Standard_A4_v2', 'Standard_B2s'] as const, d.vmSize),
    vmInstances: num(g.vmInstances, d.vmInstances),
    trustedCertificates: Array.isArray(g.trustedCertificates) ? g.trustedCertificates.filter((s): s is string => typeof s === 'string') : [],
    verifyClientCertificateRevocation: bool(g.verifyClientCertificateRevocation, d.verifyClientCertificateRevocation),
    enforceTls12: bool(g.enforceTls12, d.enforceTls12),
    allowContent: bool(g.allowContent, d.allowContent),
    dtEnabled: bool(dt.enabled, d.dtEnabled),
    dtThresholdGB: num(dt.thresholdGB, d.dtThresholdGB),
    dtWarningPercent: num(dt.warningPercent, d.dtWarningPercent),
    dtCriticalPercent: num(dt.criticalPercent, d.dtCriticalPercent),
    dtStop: bool(dt.stopServiceWhenCritical, d.dtStop),
    stEnabled: bool(st.enabled, d.stEnabled),
    stThresholdGB: num(st.thresholdGB, d.stThresholdGB),
    stWarningPercent: num(st.warningPercent, d.stWarningPercent),
    stCriticalPercent: num(st.criticalPercent, d.stCriticalPercent),
    connectionPointServer: '',
  };
}

/** Whole numbers only (the cmdlet's parameters are Int32). */
export function parseWhole(text: string): number | undefined {
  return /^\s*-?\d{1,9}\s*$/.test(text) ? Number(text.trim()) : undefined;
}

/** Findings for answers that are not numbers at all (ranges are the core rules' job). */
export function inputFindings(answers: WizardAnswers): FieldFinding[] {
  const out: FieldFinding[] = [];
  for (const id of NUMERIC_FIELDS) {
    if (parseWhole(answers[id]) === undefined) {
      out.push({ field: id, rule: 'WIZ-NUMBER', severity: 'error', message: t('Enter a whole number.') });
    }
  }
  return out;
}

function answerValue(answers: WizardAnswers, id: FieldId): unknown {
  const v = answers[id];
  if ((NUMERIC_FIELDS as readonly FieldId[]).includes(id)) {
    const n = parseWhole(v as string);
    return n === undefined ? v : n;
  }
  if (id === 'description' || id === 'subscriptionId' || id === 'region' || id === 'resourceGroupName' || id === 'serviceFqdn' || id === 'name') {
    return (v as string).trim();
  }
  return Array.isArray(v) ? [...v] : v;
}

/** The gateway object a create wizard writes (model key order; description only when given). */
export function gatewayFromAnswers(a: WizardAnswers): Record<string, unknown> {
  const v = (id: FieldId) => answerValue(a, id);
  const g: Record<string, unknown> = { name: v('name') };
  if (a.description.trim()) g.description = v('description');
  Object.assign(g, {
    serviceFqdn: v('serviceFqdn'),
    deploymentMethod: a.deploymentMethod,
    environment: a.environment,
    subscriptionId: v('subscriptionId'),
    region: v('region'),
    resourceGroup: { name: v('resourceGroupName'), create: a.resourceGroupCreate },
    vmSize: a.vmSize,
    vmInstances: v('vmInstances'),
    serverCertificate: a.serverCertificate,
    trustedCertificates: [...a.trustedCertificates],
    verifyClientCertificateRevocation: a.verifyClientCertificateRevocation,
    enforceTls12: a.enforceTls12,
    allowContent: a.allowContent,
    alerts: {
      dataTransfer: {
        enabled: a.dtEnabled,
        thresholdGB: v('dtThresholdGB'),
        warningPercent: v('dtWarningPercent'),
        criticalPercent: v('dtCriticalPercent'),
        stopServiceWhenCritical: a.dtStop,
      },
      storage: {
        enabled: a.stEnabled,
        thresholdGB: v('stThresholdGB'),
        warningPercent: v('stWarningPercent'),
        criticalPercent: v('stCriticalPercent'),
      },
    },
    boundaryGroups: [],
  });
  return g;
}

function sameAnswer(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Fields whose answer differs from the original (modify mode). wildcardHost is not stored. */
export function changedFields(answers: WizardAnswers, original: WizardAnswers): FieldId[] {
  return FIELD_IDS.filter((id) => FIELD_POINTERS[id] && !sameAnswer(answerValue(answers, id), answerValue(original, id)));
}

/**
 * Modify mode: which fields can be changed in place and which need a redeploy or a Convert
 * (one table for plan and wizard: `GATEWAY_FIELD_RULES`). The gateway's `name` identifies it in
 * the file (connection points refer to it) and the resource group choice goes with its name.
 */
export function fieldAccess(mode: WizardMode): { [K in FieldId]?: FieldAccess } {
  const out: { [K in FieldId]?: FieldAccess } = {};
  for (const id of FIELD_IDS) {
    if (mode === 'create') {
      out[id] = 'editable';
      continue;
    }
    const pointer = id === 'wildcardHost' ? '/serviceFqdn' : id === 'resourceGroupCreate' ? '/resourceGroup/name' : FIELD_POINTERS[id];
    if (id === 'name') {
      out[id] = 'redeploy';
      continue;
    }
    if (!pointer) continue;
    const rule = fieldRule(pointer);
    out[id] = !rule || rule.mode === 'in-place' ? 'editable' : rule.mode;
  }
  return out;
}

// ---------------------------------------------------------------- steps

export { canFinish, canGoNext, canJumpTo, findingsOnPage, firstPageWithError, nextPage, pageIndex, previousPage } from './steps';

// ---------------------------------------------------------------- names

/** The service name's first label (rules doc 1.7, 3.3). */
export function namePrefix(serviceFqdn: string): string {
  return serviceFqdn.trim().split('.')[0] ?? '';
}

/** Azure deployment name as the console shows it (rules doc 1.7; US Gov VMSS suffix is a setting, 8.1). */
export function deploymentName(a: Pick<WizardAnswers, 'serviceFqdn' | 'deploymentMethod' | 'environment' | 'region'>, usGovVmssSuffix: string): string {
  const prefix = namePrefix(a.serviceFqdn).toLowerCase();
  if (!prefix) return '';
  const gov = a.environment === 'AzureUSGovernmentCloud';
  if (a.deploymentMethod === 'classic') return `${prefix}.${gov ? 'usgovcloudapp.net' : 'cloudapp.net'}`;
  const region = a.region.trim().toLowerCase().replace(/\s+/g, '') || '<region>';
  return `${prefix}.${region}.${gov ? usGovVmssSuffix : 'cloudapp.azure.com'}`;
}

// ---------------------------------------------------------------- JSON edits

/** Indentation and line ends of the user's file, so inserted JSON looks like the rest. */
export function detectFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const m = /\n([ \t]+)["/]/.exec(text);
  const indent = m?.[1] ?? '  ';
  if (indent.startsWith('\t')) return { insertSpaces: false, tabSize: 4, eol };
  return { insertSpaces: true, tabSize: Math.min(indent.length, 8) || 2, eol };
}

/** One replacement turning `before` into `after` (common prefix/suffix kept): one undo step. */
export function singleEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { offset: start, length: before.length - start - end, content: after.slice(start, after.length - end) };
}

function apply(text: string, path: JSONPath, value: unknown, formattingOptions: FormattingOptions, isArrayInsertion = false): string {
  return applyEdits(text, modify(text, path, value, { formattingOptions, isArrayInsertion }));
}

/** Gateway keys in the model's order: a missing key is inserted before the next one present. */
const GATEWAY_KEY_ORDER = [
  'name', 'description', 'serviceFqdn', 'deploymentMethod', 'environment', 'subscriptionId', 'region', 'resourceGroup',
  'vmSize', 'vmInstances', 'serverCertificate', 'trustedCertificates', 'verifyClientCertificateRevocation', 'enforceTls12',
  'allowContent', 'alerts', 'boundaryGroups',
];
const NESTED_KEY_ORDER: Record<string, string[]> = {
  resourceGroup: ['name', 'create'],
  alerts: ['dataTransfer', 'storage'],
  dataTransfer: ['enabled', 'thresholdGB', 'warningPercent', 'criticalPercent', 'stopServiceWhenCritical'],
  storage: ['enabled', 'thresholdGB', 'warningPercent', 'criticalPercent'],
};

/**
 * Sets `path` to `value`. A property that does not exist yet is inserted on its own line before
 * the next property present (in model order), so that comments at the end of lines stay on their
 * own line; jsonc-parser's own insertion (after the previous value) would carry them along.
 */
function setValue(text: string, path: JSONPath, value: unknown, fmt: FormattingOptions): string {
  const root = parseTree(text);
  const parent = root ? findNodeAtLocation(root, path.slice(0, -1)) : undefined;
  const key = path[path.length - 1];
  if (value !== undefined && parent?.type === 'object' && typeof key === 'string' && !findNodeAtLocation(parent, [key])) {
    const parentKey = path.length >= 2 ? path[path.length - 2] : undefined;
    const order = typeof parentKey === 'string' ? NESTED_KEY_ORDER[parentKey] ?? [] : GATEWAY_KEY_ORDER;
    const after = order.slice(order.indexOf(key) + 1);
    const next = order.includes(key)
      ? (parent.children ?? []).find((p) => {
          const k = p.children?.[0]?.value;
          return typeof k === 'string' && after.includes(k);
        })
      : undefined;
    if (next) {
      const lineStart = text.lastIndexOf('\n', next.offset - 1) + 1;
      const indent = text.slice(lineStart, next.offset);
      if (/^[ \t]*$/.test(indent)) {
        const unit = fmt.insertSpaces ? ' '.repeat(fmt.tabSize ?? 2) : '\t';
        const eol = fmt.eol ?? '\n';
        const body = JSON.stringify(value, null, unit).split('\n').join(eol + indent);
        return text.slice(0, lineStart) + `${indent}${JSON.stringify(key)}: ${body},${eol}` + text.slice(lineStart);
      }
    }
  }
  return apply(text, path, value, fmt);
}

export interface EditRequest {
  mode: WizardMode;
  answers: WizardAnswers;
  /** Modify: index of the gateway in `gateways`, and its answers when the wizard opened. */
  gatewayIndex?: number;
  original?: WizardAnswers;
  /** Create: site code for the connection point entry. */
  siteCode?: string;
}

export interface EditResult {
  /** The file after Finish. */
  text: string;
  /** The single edit on the original text (undefined = nothing to change). */
  edit?: TextEdit;
  /** Pointer of the gateway in the new text. */
  gatewayPointer: string;
  /** Pointer of the added connection point, if any. */
  connectionPointPointer?: string;
  changed: FieldId[];
}

function arrayLength(text: string, key: string): number | undefined {
  const root = parseTree(text);
  const node = root ? findNodeAtLocation(root, [key]) : undefined;
  return node?.type === 'array' ? (node.children?.length ?? 0) : undefined;
}

/**
 * The change Finish makes, from the original text and the answers: a new gateway appended to
 * `gateways` (plus its connection point when a server is named), or, in modify mode, only the
 * properties that changed. `jsonc-parser` edits keep comments, order, formatting and unknown
 * properties; the result is folded into one replacement so a single Undo reverts it.
 */
export function computeEdit(original: string, req: EditRequest): EditResult {
  const fmt = detectFormatting(original);
  const root = parseTree(original);
  if (!root || root.type !== 'object') throw new Error(t('The configuration file is not a JSON object.'));
  let text = original;
  let gatewayPointer: string;
  let connectionPointPointer: string | undefined;
  let changed: FieldId[];
  if (req.mode === 'create') {
    const gw = gatewayFromAnswers(req.answers);
    const count = arrayLength(text, 'gateways');
    text = count === undefined ? apply(text, ['gateways'], [gw], fmt) : apply(text, ['gateways', count], gw, fmt, true);
    gatewayPointer = `/gateways/${count ?? 0}`;
    const server = req.answers.connectionPointServer.trim();
    if (server) {
      const cp = { server, siteCode: req.siteCode ?? '', gateway: gw.name };
      const cpCount = arrayLength(text, 'connectionPoints');
      text = cpCount === undefined ? apply(text, ['connectionPoints'], [cp], fmt) : apply(text, ['connectionPoints', cpCount], cp, fmt, true);
      connectionPointPointer = `/connectionPoints/${cpCount ?? 0}`;
    }
    changed = FIELD_IDS.filter((id) => FIELD_POINTERS[id] !== undefined);
  } else {
    if (req.gatewayIndex === undefined || !req.original) throw new Error('modify mode needs gatewayIndex and original');
    gatewayPointer = `/gateways/${req.gatewayIndex}`;
    changed = changedFields(req.answers, req.original);
    for (const id of changed) {
      const pointer = FIELD_POINTERS[id]!;
      const path: JSONPath = ['gateways', req.gatewayIndex, ...pointer.slice(1).split('/')];
      let value = answerValue(req.answers, id);
      if (id === 'description' && value === '') value = undefined; // cleared = removed
      text = setValue(text, path, value, fmt);
    }
  }
  const result: EditResult = { text, gatewayPointer, changed };
  const edit = singleEdit(original, text);
  if (edit) result.edit = edit;
  if (connectionPointPointer) result.connectionPointPointer = connectionPointPointer;
  return result;
}

/** Reload after the file changed: keep what the admin changed, take the file's value elsewhere. */
export function mergeOnReload(answers: WizardAnswers, oldOriginal: WizardAnswers, newOriginal: WizardAnswers): WizardAnswers {
  const out = { ...newOriginal } as Record<FieldId, unknown>;
  for (const id of FIELD_IDS) {
    if (!sameAnswer(answers[id], oldOriginal[id])) out[id] = answers[id];
  }
  return out as unknown as WizardAnswers;
}

/** Index of the gateway called `name` in the file text, if any. */
export function gatewayIndexByName(text: string, name: string): number | undefined {
  const root = parseTree(text);
  const arr = root ? findNodeAtLocation(root, ['gateways']) : undefined;
  if (arr?.type !== 'array') return undefined;
  const i = (arr.children ?? []).findIndex((c) => {
    const n = findNodeAtLocation(c, ['name']);
    return n?.type === 'string' && n.value === name;
  });
  return i >= 0 ? i : undefined;
}
