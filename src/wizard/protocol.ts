/**
 * The one message protocol between the wizard's host side (`src/wizard/panel.ts`) and its webview
 * (`webview/main.ts`). Shared by both builds, so it imports nothing: no `vscode`, no DOM, no Node.
 *
 * - The webview posts `ready` first; the host answers with `init` (strings, answers, gates).
 * - Requests from the webview carry an `id`; the host answers with a message of the matching
 *   response type and the same `id` (or `error` with that `id`).
 * - The host never trusts what arrives: every message goes through `validateWebviewMessage`.
 * - Azure (issue #5 item 3): the host sends `azure` after `init` (silent session check) and when
 *   the environment or subscription changes; the webview asks with `signIn` only on a click.
 * - The PFX password travels webview → host only inside `readCertificate`; the host never sends
 *   it back, and the webview never puts it into `setState`.
 */

export const ENVIRONMENTS = ['AzurePublicCloud', 'AzureUSGovernmentCloud'] as const;
export const METHODS = ['vmss', 'classic'] as const;
export const SIZES = ['Standard_A2_v2', 'Standard_A4_v2', 'Standard_B2s'] as const;
export const PAGES = ['general', 'settings', 'alerts', 'summary'] as const;

export type WizardEnvironment = (typeof ENVIRONMENTS)[number];
export type WizardMethod = (typeof METHODS)[number];
export type WizardVmSize = (typeof SIZES)[number];
export type PageId = (typeof PAGES)[number];
export type WizardMode = 'create' | 'modify';

/**
 * The answers as the form holds them. Numbers stay text so that what the admin typed survives
 * (and "abc" can be reported); the host converts them when it builds the candidate gateway.
 */
export interface WizardAnswers {
  name: string;
  description: string;
  environment: WizardEnvironment;
  deploymentMethod: WizardMethod;
  subscriptionId: string;
  serverCertificate: string;
  /** Host name replacing `*` of a wildcard CN (empty when the CN is not a wildcard). */
  wildcardHost: string;
  serviceFqdn: string;
  region: string;
  resourceGroupName: string;
  resourceGroupCreate: boolean;
  vmSize: WizardVmSize;
  vmInstances: string;
  trustedCertificates: string[];
  verifyClientCertificateRevocation: boolean;
  enforceTls12: boolean;
  allowContent: boolean;
  dtEnabled: boolean;
  dtThresholdGB: string;
  dtWarningPercent: string;
  dtCriticalPercent: string;
  dtStop: boolean;
  stEnabled: boolean;
  stThresholdGB: string;
  stWarningPercent: string;
  stCriticalPercent: string;
  /** Create mode: server of the CMG connection point to add (empty = none). */
  connectionPointServer: string;
}

export type FieldId = keyof WizardAnswers;

type Kind = 'string' | 'boolean' | 'strings' | 'env' | 'method' | 'size';
/** Shape of every answer: used by the validator and by the webview to bind fields. */
export const ANSWER_KINDS: { readonly [K in FieldId]: Kind } = {
  name: 'string',
  description: 'string',
  environment: 'env',
  deploymentMethod: 'method',
  subscriptionId: 'string',
  serverCertificate: 'string',
  wildcardHost: 'string',
  serviceFqdn: 'string',
  region: 'string',
  resourceGroupName: 'string',
  resourceGroupCreate: 'boolean',
  vmSize: 'size',
  vmInstances: 'string',
  trustedCertificates: 'strings',
  verifyClientCertificateRevocation: 'boolean',
  enforceTls12: 'boolean',
  allowContent: 'boolean',
  dtEnabled: 'boolean',
  dtThresholdGB: 'string',
  dtWarningPercent: 'string',
  dtCriticalPercent: 'string',
  dtStop: 'boolean',
  stEnabled: 'boolean',
  stThresholdGB: 'string',
  stWarningPercent: 'string',
  stCriticalPercent: 'string',
  connectionPointServer: 'string',
};

export const FIELD_IDS = Object.keys(ANSWER_KINDS) as FieldId[];

/** Which page each field lives on (the step logic and "Next is blocked on this page" use it). */
export const FIELD_PAGE: { readonly [K in FieldId]: PageId } = {
  environment: 'general',
  deploymentMethod: 'general',
  subscriptionId: 'general',
  serverCertificate: 'settings',
  wildcardHost: 'settings',
  serviceFqdn: 'settings',
  name: 'settings',
  description: 'settings',
  region: 'settings',
  resourceGroupName: 'settings',
  resourceGroupCreate: 'settings',
  vmSize: 'settings',
  vmInstances: 'settings',
  trustedCertificates: 'settings',
  verifyClientCertificateRevocation: 'settings',
  enforceTls12: 'settings',
  allowContent: 'settings',
  connectionPointServer: 'settings',
  dtEnabled: 'alerts',
  dtThresholdGB: 'alerts',
  dtWarningPercent: 'alerts',
  dtCriticalPercent: 'alerts',
  dtStop: 'alerts',
  stEnabled: 'alerts',
  stThresholdGB: 'alerts',
  stWarningPercent: 'alerts',
  stCriticalPercent: 'alerts',
};

export const LIMITS = {
  /** Longest text answer accepted from the webview (paths, names, FQDNs). */
  maxString: 1024,
  maxTrustedCertificates: 32,
  maxPassword: 1024,
  maxId: 1_000_000_000,
} as const;

/** What the site version allows (rules doc 1.2–1.5, 2.1–2.2). Computed by the host. */
export interface VersionGates {
  siteVersion: string;
  /** Methods the create wizard offers at this version (one entry = no choice). */
  methods: WizardMethod[];
  /** VM size is a choice (2107+); before that the size is fixed. */
  vmSizeChoice: boolean;
  /** "Enforce TLS 1.2" exists (1906+). */
  tls12: boolean;
  /** US Government cloud is allowed with VMSS (2111+). */
  usGovVmss: boolean;
}

export type FieldAccess = 'editable' | 'redeploy' | 'convert';

export interface FieldFinding {
  /** The field the finding is shown under; undefined = about the gateway as a whole. */
  field?: FieldId;
  rule: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

export interface CertificateInfo {
  subject: string;
  cn: string;
  notAfter: string;
  dnsNames: string[];
  wildcard: boolean;
}

/** Host → webview: the localized strings the webview shows. Keys are stable ids. */
export type WizardStrings = Record<StringKey, string>;

export const STRING_KEYS = [
  'titleCreate', 'titleModify', 'pageGeneral', 'pageSettings', 'pageAlerts', 'pageSummary',
  'stepOf', 'back', 'next', 'finish', 'cancel', 'browse', 'add', 'remove', 'reload', 'readCert',
  'environment', 'envPublic', 'envUsGov', 'method', 'methodVmss', 'methodClassic', 'methodFixed',
  'subscriptionId', 'signInStatus', 'signedOut', 'signIn', 'signedIn', 'signingIn', 'azureError',
  'certFile', 'certPassword', 'rememberPassword', 'certNeedsPassword', 'certLoaded', 'certExpires',
  'wildcardHost', 'wildcardHelp', 'serviceFqdn', 'deploymentName', 'name', 'nameHelp', 'description',
  'region', 'resourceGroup', 'rgExisting', 'rgNew', 'rgName', 'vmSize', 'sizeA2', 'sizeA4', 'sizeB2s',
  'vmSizeFixed', 'vmInstances', 'trustedCerts', 'trustedHelp', 'noTrusted', 'crl', 'tls12', 'content',
  'connectionPoint', 'connectionPointHelp',
  'dtEnable', 'dtThreshold', 'warningPercent', 'criticalPercent', 'dtStop', 'dtHelp',
  'stEnable', 'stThreshold',
  'summaryIntro', 'summaryJson', 'summaryNoChanges', 'summaryFile', 'gatewayFindings',
  'readOnlyRedeploy', 'readOnlyConvert', 'showPlan', 'fileChanged', 'finishBlocked', 'errorsOnPage',
  'saved', 'yes', 'no', 'on', 'off', 'none', 'restored',
] as const;
export type StringKey = (typeof STRING_KEYS)[number];

// ---------------------------------------------------------------- host → webview

export interface InitMessage {
  type: 'init';
  mode: WizardMode;
  fileName: string;
  /** Gateway being modified (modify mode). */
  gatewayName?: string;
  strings: WizardStrings;
  answers: WizardAnswers;
  /** Modify mode: the gateway's values when the wizard opened (for "changed" marks). */
  original?: WizardAnswers;
  gates: VersionGates;
  access: { [K in FieldId]?: FieldAccess };
  /** Page to show first (restored state). */
  page: PageId;
  /** The configuration file (for the webview's saved state). */
  fileUri: string;
  /** Azure deployment name suffix for US Gov VMSS (setting `cmg.azure.usGovVmssSuffix`). */
  usGovVmssSuffix: string;
}

export interface ValidationMessage {
  type: 'validation';
  id: number;
  findings: FieldFinding[];
  /** The gateway object that Finish would write, as pretty JSON. */
  preview: string;
  /** Number of changed properties (modify mode). */
  changes: number;
  /** Azure deployment name derived from the service FQDN, method, environment and region. */
  deploymentName: string;
}

export interface CertificateMessage {
  type: 'certificate';
  id: number;
  outcome: 'ok' | 'needsPassword' | 'wrongPassword' | 'error';
  info?: CertificateInfo;
  message?: string;
}

export interface PickedMessage {
  type: 'picked';
  id: number;
  /** Paths relative to the configuration file, `/`-separated; empty when cancelled. */
  paths: string[];
}

export interface FinishedMessage {
  type: 'finished';
  id: number;
  outcome: 'saved' | 'conflict' | 'blocked' | 'error';
  message?: string;
}

export interface FileChangedMessage {
  type: 'fileChanged';
}

export interface ReloadedMessage {
  type: 'reloaded';
  answers: WizardAnswers;
  original?: WizardAnswers;
}

export interface ErrorMessage {
  type: 'error';
  id?: number;
  message: string;
}

/** One entry of an Azure picker. */
export interface AzureOption {
  value: string;
  label: string;
}

/**
 * Host → webview: what the wizard knows about Azure. `signedIn` carries the pickers' options
 * (regions and resource groups are empty when the subscription is not one Azure lists, and
 * stay text fields then); `signedOut` and `error` mean text fields.
 */
export interface AzureMessage {
  type: 'azure';
  /** The environment the lists belong to (stale ones are ignored by the webview). */
  environment: WizardEnvironment;
  state: 'signedOut' | 'signingIn' | 'signedIn' | 'error';
  account?: string;
  /** Subscription the regions and resource groups were listed for ('' = none). */
  subscriptionId?: string;
  subscriptions?: AzureOption[];
  regions?: AzureOption[];
  resourceGroups?: AzureOption[];
  /** `error`: a short reason, no stack trace. */
  message?: string;
}

export type HostToWebview =
  | InitMessage
  | AzureMessage
  | ValidationMessage
  | CertificateMessage
  | PickedMessage
  | FinishedMessage
  | FileChangedMessage
  | ReloadedMessage
  | ErrorMessage;

// ---------------------------------------------------------------- webview → host

export interface ReadyRequest {
  type: 'ready';
}
export interface ValidateRequest {
  type: 'validate';
  id: number;
  page: PageId;
  answers: WizardAnswers;
}
export interface ReadCertificateRequest {
  type: 'readCertificate';
  id: number;
  path: string;
  /** Only when the admin typed one; never stored by the webview. */
  password?: string;
  /** Consent to keep the password in SecretStorage. */
  remember: boolean;
}
export interface PickFileRequest {
  type: 'pickFile';
  id: number;
  purpose: 'server' | 'trusted';
}
export interface FinishRequest {
  type: 'finish';
  id: number;
  answers: WizardAnswers;
}
export interface StateRequest {
  /** Page changed: the host keeps it for the serializer's title/restore. */
  type: 'page';
  page: PageId;
}
export interface SimpleRequest {
  /** `signIn`: the admin clicked "Sign in to Azure" (the only way the wizard prompts). */
  type: 'cancel' | 'reload' | 'showPlan' | 'signIn';
}

export type WebviewToHost =
  | ReadyRequest
  | ValidateRequest
  | ReadCertificateRequest
  | PickFileRequest
  | FinishRequest
  | StateRequest
  | SimpleRequest;

/** What the webview keeps with `setState` (no password, ever). */
export interface WizardViewState {
  v: 1;
  mode: WizardMode;
  fileUri: string;
  gatewayName?: string;
  page: PageId;
  answers: WizardAnswers;
}

// ---------------------------------------------------------------- validation of untrusted input

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  return !Object.keys(v).some((k) => FORBIDDEN_KEYS.has(k)) && !Object.prototype.hasOwnProperty.call(v, '__proto__');
}

function hasOnly(v: Record<string, unknown>, allowed: readonly string[]): boolean {
  return Object.keys(v).every((k) => allowed.includes(k));
}

function isText(v: unknown, max: number = LIMITS.maxString): v is string {
  return typeof v === 'string' && v.length <= max && !v.includes('\u0000');
}

function isId(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= LIMITS.maxId;
}

function isOneOf<T extends string>(v: unknown, values: readonly T[]): v is T {
  return typeof v === 'string' && (values as readonly string[]).includes(v);
}

/** Checks every answer's type, length and enum value; returns a fresh plain copy or undefined. */
export function validateAnswers(v: unknown): WizardAnswers | undefined {
  if (!isPlainObject(v)) return undefined;
  if (!hasOnly(v, FIELD_IDS) || Object.keys(v).length !== FIELD_IDS.length) return undefined;
  const out: Record<string, unknown> = {};
  for (const id of FIELD_IDS) {
    const value = v[id];
    switch (ANSWER_KINDS[id]) {
      case 'string':
        if (!isText(value)) return undefined;
        break;
      case 'boolean':
        if (typeof value !== 'boolean') return undefined;
        break;
      case 'strings':
        if (!Array.isArray(value) || value.length > LIMITS.maxTrustedCertificates || !value.every((s) => isText(s))) return undefined;
        out[id] = [...(value as string[])];
        continue;
      case 'env':
        if (!isOneOf(value, ENVIRONMENTS)) return undefined;
        break;
      case 'method':
        if (!isOneOf(value, METHODS)) return undefined;
        break;
      case 'size':
        if (!isOneOf(value, SIZES)) return undefined;
        break;
    }
    out[id] = value;
  }
  return out as unknown as WizardAnswers;
}

/**
 * The host's gate for everything a webview posts: returns a typed copy of a well-formed message,
 * or undefined (the caller drops it and logs the type only, never the content).
 */
export function validateWebviewMessage(raw: unknown): WebviewToHost | undefined {
  if (!isPlainObject(raw)) return undefined;
  const type = raw.type;
  switch (type) {
    case 'ready':
    case 'cancel':
    case 'reload':
    case 'showPlan':
    case 'signIn':
      return hasOnly(raw, ['type']) ? { type } : undefined;
    case 'page':
      return hasOnly(raw, ['type', 'page']) && isOneOf(raw.page, PAGES) ? { type, page: raw.page } : undefined;
    case 'validate': {
      if (!hasOnly(raw, ['type', 'id', 'page', 'answers']) || !isId(raw.id) || !isOneOf(raw.page, PAGES)) return undefined;
      const answers = validateAnswers(raw.answers);
      return answers ? { type, id: raw.id, page: raw.page, answers } : undefined;
    }
    case 'finish': {
      if (!hasOnly(raw, ['type', 'id', 'answers']) || !isId(raw.id)) return undefined;
      const answers = validateAnswers(raw.answers);
      return answers ? { type, id: raw.id, answers } : undefined;
    }
    case 'readCertificate': {
      if (!hasOnly(raw, ['type', 'id', 'path', 'password', 'remember']) || !isId(raw.id)) return undefined;
      if (!isText(raw.path) || raw.path.trim() === '' || typeof raw.remember !== 'boolean') return undefined;
      if (raw.password !== undefined && !isText(raw.password, LIMITS.maxPassword)) return undefined;
      const msg: ReadCertificateRequest = { type, id: raw.id, path: raw.path, remember: raw.remember };
      if (raw.password !== undefined) msg.password = raw.password as string;
      return msg;
    }
    case 'pickFile':
      return hasOnly(raw, ['type', 'id', 'purpose']) && isId(raw.id) && isOneOf(raw.purpose, ['server', 'trusted'] as const)
        ? { type, id: raw.id, purpose: raw.purpose }
        : undefined;
    default:
      return undefined;
  }
}

const AZURE_STATES = ['signedOut', 'signingIn', 'signedIn', 'error'] as const;
/** Most options one Azure picker carries. */
const MAX_AZURE_OPTIONS = 5000;

function azureOptions(v: unknown): AzureOption[] | undefined {
  if (!Array.isArray(v) || v.length > MAX_AZURE_OPTIONS) return undefined;
  const out: AzureOption[] = [];
  for (const o of v) {
    if (!isPlainObject(o) || !hasOnly(o, ['value', 'label']) || !isText(o.value) || !isText(o.label) || o.value.trim() === '') return undefined;
    out.push({ value: o.value, label: o.label });
  }
  return out;
}

/**
 * Checks an `azure` message (the host builds it from Azure's answers; the webview checks it
 * again before it renders options). Returns a plain copy or undefined.
 */
export function validateAzureMessage(raw: unknown): AzureMessage | undefined {
  if (!isPlainObject(raw) || raw.type !== 'azure') return undefined;
  if (!hasOnly(raw, ['type', 'environment', 'state', 'account', 'subscriptionId', 'subscriptions', 'regions', 'resourceGroups', 'message'])) return undefined;
  if (!isOneOf(raw.environment, ENVIRONMENTS) || !isOneOf(raw.state, AZURE_STATES)) return undefined;
  const msg: AzureMessage = { type: 'azure', environment: raw.environment, state: raw.state };
  for (const key of ['account', 'subscriptionId', 'message'] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (!isText(value)) return undefined;
    msg[key] = value;
  }
  for (const key of ['subscriptions', 'regions', 'resourceGroups'] as const) {
    if (raw[key] === undefined) continue;
    const options = azureOptions(raw[key]);
    if (!options) return undefined;
    msg[key] = options;
  }
  return msg;
}

/** The webview's saved state as the serializer hands it back: checked like any message. */
export function validateViewState(raw: unknown): WizardViewState | undefined {
  if (!isPlainObject(raw)) return undefined;
  if (!hasOnly(raw, ['v', 'mode', 'fileUri', 'gatewayName', 'page', 'answers'])) return undefined;
  if (raw.v !== 1 || (raw.mode !== 'create' && raw.mode !== 'modify')) return undefined;
  if (!isText(raw.fileUri, 4096) || !/^[a-z][a-z0-9+.-]*:/i.test(raw.fileUri)) return undefined;
  if (!isOneOf(raw.page, PAGES)) return undefined;
  if (raw.gatewayName !== undefined && !isText(raw.gatewayName)) return undefined;
  if (raw.mode === 'modify' && typeof raw.gatewayName !== 'string') return undefined;
  const answers = validateAnswers(raw.answers);
  if (!answers) return undefined;
  const state: WizardViewState = { v: 1, mode: raw.mode, fileUri: raw.fileUri, page: raw.page, answers };
  if (typeof raw.gatewayName === 'string') state.gatewayName = raw.gatewayName;
  return state;
}
