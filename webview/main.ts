/**
 * The wizard's browser side: the console's pages (General, Settings, Alerts, Summary) built from
 * `@vscode-elements/elements` components. It owns no rule: every change is sent to the host,
 * which answers with the findings of the core's checks; Next is blocked by errors on this page.
 * The PFX password lives only in its input element: never in `setState`, never echoed back.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import './wizard.css';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import type { VscodeRadio } from '@vscode-elements/elements/dist/vscode-radio/vscode-radio.js';
import {
  FIELD_IDS,
  FIELD_PAGE,
  PAGES,
  validateAzureMessage,
  type AzureMessage,
  type AzureOption,
  type CertificateInfo,
  type FieldFinding,
  type FieldId,
  type HostToWebview,
  type InitMessage,
  type PageId,
  type StringKey,
  type WebviewToHost,
  type WizardAnswers,
  type WizardViewState,
} from '../src/wizard/protocol';
import { canFinish, canJumpTo, findingsOnPage, firstPageWithError, nextPage, pageHasErrors, pageIndex, previousPage } from '../src/wizard/steps';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: WizardViewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();

// ---------------------------------------------------------------- state

let init: InitMessage | undefined;
let answers: WizardAnswers;
let page: PageId = 'general';
let findings: FieldFinding[] = [];
let preview = '';
let deployment = '';
let changes = 0;
let cert: CertificateInfo | undefined;
let certNote: { text: string; severity: 'error' | 'warning' | 'info' } | undefined;
let nameTouched = false;
/** The host's last word on Azure: pickers when signed in, text fields otherwise. */
let azure: AzureMessage | undefined;
/** Findings show under a field once it was edited or Next/Finish was tried on its page. */
const touched = new Set<FieldId>();
const attempted = new Set<PageId>();
let fileChanged = false;
let nextId = 1;
let lastValidation = 0;
let validationTimer: ReturnType<typeof setTimeout> | undefined;
const pending = new Map<number, (message: HostToWebview) => void>();

function s(key: StringKey, ...args: string[]): string {
  const text = init?.strings[key] ?? key;
  return text.replace(/\{(\d+)\}/g, (m, i: string) => args[Number(i)] ?? m);
}

function request<T extends HostToWebview>(message: WebviewToHost & { id: number }): Promise<T> {
  return new Promise((resolve) => {
    pending.set(message.id, resolve as (m: HostToWebview) => void);
    vscode.postMessage(message);
  });
}

function saveState(): void {
  if (!init) return;
  const state: WizardViewState = { v: 1, mode: init.mode, fileUri: init.fileUri, page, answers };
  if (init.gatewayName !== undefined) state.gatewayName = init.gatewayName;
  vscode.setState(state);
}

// ---------------------------------------------------------------- DOM helpers

type Attrs = Record<string, string | boolean | undefined>;
function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string | undefined)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== undefined) e.append(c);
  return e;
}
function $(id: string): HTMLElement {
  const e = document.getElementById(id);
  if (!e) throw new Error(`missing #${id}`);
  return e;
}
function control<T extends HTMLElement>(id: FieldId | string): T {
  return $(`f-${id}`) as T;
}

const app = $('app');

// ---------------------------------------------------------------- field builders

function fieldRow(id: FieldId, label: string, input: HTMLElement, help?: string): HTMLElement {
  input.id = `f-${id}`;
  input.dataset.testid = `f-${id}`;
  input.setAttribute('aria-describedby', `m-${id}${help ? ` h-${id}` : ''} r-${id}`);
  const row = el('div', { class: 'field', 'data-field': id, id: `row-${id}` });
  if (label) row.append(el('vscode-label', { for: `f-${id}` }, label));
  row.append(input);
  if (help) row.append(el('div', { class: 'help', id: `h-${id}` }, help));
  row.append(el('div', { class: 'readonly-note', id: `r-${id}`, hidden: true }));
  row.append(el('div', { class: 'messages', id: `m-${id}` }));
  return row;
}

function textField(id: FieldId, label: string, opts: { help?: string; type?: 'text' | 'number'; placeholder?: string; min?: number; max?: number } = {}): HTMLElement {
  const tf = el('vscode-textfield', { type: opts.type ?? 'text', placeholder: opts.placeholder }) as VscodeTextfield;
  if (opts.min !== undefined) tf.setAttribute('min', String(opts.min));
  if (opts.max !== undefined) tf.setAttribute('max', String(opts.max));
  tf.addEventListener('input', () => setAnswer(id, tf.value));
  return fieldRow(id, label, tf, opts.help);
}

function checkField(id: FieldId, label: string, help?: string): HTMLElement {
  const cb = el('vscode-checkbox', { label }) as VscodeCheckbox;
  cb.addEventListener('change', () => setAnswer(id, cb.checked));
  return fieldRow(id, '', cb, help);
}

function selectField(id: FieldId, label: string, options: [string, string][], help?: string): HTMLElement {
  const sel = el('vscode-single-select') as VscodeSingleSelect;
  for (const [value, text] of options) sel.append(el('vscode-option', { value }, text));
  sel.addEventListener('change', () => setAnswer(id, sel.value));
  return fieldRow(id, label, sel, help);
}

function section(title: string, ...rows: HTMLElement[]): HTMLElement {
  const fs = el('fieldset', { class: 'group' }, el('legend', {}, title));
  fs.append(...rows);
  return fs;
}

// ---------------------------------------------------------------- layout

function build(): void {
  if (!init) return;
  const title = init.mode === 'create' ? s('titleCreate') : s('titleModify', init.gatewayName ?? '');
  document.title = title;
  app.replaceChildren();
  app.removeAttribute('aria-busy');

  const steps = el('ol', { class: 'steps', 'data-testid': 'steps' });
  PAGES.forEach((p, i) => {
    const b = el('button', { type: 'button', class: 'step', id: `step-${p}`, 'data-testid': `step-${p}` }, el('span', { class: 'step-number' }, String(i + 1)), el('span', { class: 'step-label' }, s(pageKey(p))));
    b.addEventListener('click', () => goTo(p));
    steps.append(el('li', {}, b));
  });
  app.append(el('header', {}, el('h1', {}, title), el('nav', { 'aria-label': s('stepOf', '…', String(PAGES.length)).replace('…', '').trim() || 'Steps' }, steps)));

  const banner = el('div', { class: 'banner', id: 'banner', role: 'alert', hidden: true, 'data-testid': 'banner' });
  const reload = el('vscode-button', { secondary: true, 'data-testid': 'reload' }, s('reload')) as VscodeButton;
  reload.addEventListener('click', () => vscode.postMessage({ type: 'reload' }));
  banner.append(el('span', {}, s('fileChanged')), reload);
  app.append(banner);

  const pages = el('div', { class: 'pages' });
  pages.append(buildGeneral(), buildSettings(), buildAlerts(), buildSummary());
  app.append(pages);

  const back = el('vscode-button', { secondary: true, id: 'btn-back', 'data-testid': 'back' }, s('back')) as VscodeButton;
  const next = el('vscode-button', { id: 'btn-next', 'data-testid': 'next' }, s('next')) as VscodeButton;
  const finish = el('vscode-button', { id: 'btn-finish', 'data-testid': 'finish' }, s('finish')) as VscodeButton;
  const cancel = el('vscode-button', { secondary: true, id: 'btn-cancel', 'data-testid': 'cancel' }, s('cancel')) as VscodeButton;
  back.addEventListener('click', () => {
    const p = previousPage(page);
    if (p) goTo(p);
  });
  next.addEventListener('click', () => void onNext());
  finish.addEventListener('click', () => void onFinish());
  cancel.addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));
  app.append(
    el('footer', {}, el('div', { class: 'status', id: 'status', role: 'status', 'aria-live': 'polite', 'data-testid': 'status' }), el('div', { class: 'buttons' }, back, next, finish, cancel)),
  );
}

function pageKey(p: PageId): StringKey {
  return p === 'general' ? 'pageGeneral' : p === 'settings' ? 'pageSettings' : p === 'alerts' ? 'pageAlerts' : 'pageSummary';
}

function pageSection(p: PageId, ...content: HTMLElement[]): HTMLElement {
  const sec = el('section', { class: 'page', id: `page-${p}`, 'aria-labelledby': `title-${p}`, 'data-testid': `page-${p}`, hidden: true });
  sec.append(el('h2', { id: `title-${p}`, tabindex: '-1' }, s(pageKey(p))), ...content);
  return sec;
}

function buildGeneral(): HTMLElement {
  const g = init!.gates;
  const methods: [string, string][] = g.methods.map((m) => [m, m === 'vmss' ? s('methodVmss') : s('methodClassic')]);
  const signInButton = el('vscode-button', { secondary: true, id: 'signin-button', 'data-testid': 'signin-button' }, s('signIn')) as VscodeButton;
  signInButton.addEventListener('click', () => vscode.postMessage({ type: 'signIn' }));
  const signIn = el(
    'div',
    { class: 'field' },
    el('div', { class: 'label-like' }, s('signInStatus')),
    el('div', { class: 'inline' }, el('div', { class: 'help', id: 'signin-status', role: 'status', 'data-testid': 'signin' }, s('signedOut')), signInButton),
  );
  return pageSection(
    'general',
    selectField('environment', s('environment'), [
      ['AzurePublicCloud', s('envPublic')],
      ['AzureUSGovernmentCloud', s('envUsGov')],
    ]),
    selectField('deploymentMethod', s('method'), methods.length ? methods : [['vmss', s('methodVmss')]], g.methods.length === 1 ? s('methodFixed', g.siteVersion) : undefined),
    signIn,
    textField('subscriptionId', s('subscriptionId'), { placeholder: '00000000-0000-0000-0000-000000000000' }),
  );
}

function buildSettings(): HTMLElement {
  const g = init!.gates;
  // Certificate file with Browse…, password and Read certificate.
  const certRow = textField('serverCertificate', s('certFile'));
  const certInput = certRow.querySelector('vscode-textfield') as VscodeTextfield;
  certInput.addEventListener('change', () => void readCertificate(false));
  const browse = el('vscode-button', { secondary: true, 'data-testid': 'browse-cert' }, s('browse')) as VscodeButton;
  browse.addEventListener('click', () => void pick('server'));
  const line = el('div', { class: 'inline' });
  certInput.replaceWith(line);
  line.append(certInput, browse);

  const pw = el('vscode-textfield', { type: 'password', id: 'f-password', 'data-testid': 'f-password', autocomplete: 'off' }) as VscodeTextfield;
  const remember = el('vscode-checkbox', { label: s('rememberPassword'), id: 'f-remember', 'data-testid': 'f-remember' }) as VscodeCheckbox;
  const read = el('vscode-button', { secondary: true, 'data-testid': 'read-cert' }, s('readCert')) as VscodeButton;
  read.addEventListener('click', () => void readCertificate(true));
  pw.addEventListener('keydown', (e) => {
    if ((e as KeyboardEvent).key === 'Enter') void readCertificate(true);
  });
  const pwRow = el('div', { class: 'field', id: 'row-password' }, el('vscode-label', { for: 'f-password' }, s('certPassword')), el('div', { class: 'inline' }, pw, read), remember);
  const certInfo = el('div', { class: 'cert-info', id: 'cert-info', role: 'status', 'data-testid': 'cert-info' });

  const fqdnRow = textField('serviceFqdn', s('serviceFqdn'));
  const deployRow = el('div', { class: 'field' }, el('div', { class: 'label-like' }, s('deploymentName')), el('div', { class: 'value', id: 'deployment-name', 'data-testid': 'deployment-name' }));
  const nameRow = textField('name', s('name'), { help: s('nameHelp') });
  nameRow.querySelector('vscode-textfield')!.addEventListener('input', () => (nameTouched = true));

  // Resource group: Use existing / Create new, then the name.
  const rgGroup = el('vscode-radio-group', { id: 'f-resourceGroupCreate', 'data-testid': 'f-resourceGroupCreate', 'aria-label': s('resourceGroup') });
  const rgNew = el('vscode-radio', { name: 'rg', value: 'new', label: s('rgNew'), id: 'rg-new' }) as VscodeRadio;
  const rgExisting = el('vscode-radio', { name: 'rg', value: 'existing', label: s('rgExisting'), id: 'rg-existing' }) as VscodeRadio;
  rgGroup.append(rgExisting, rgNew);
  rgGroup.addEventListener('change', () => setAnswer('resourceGroupCreate', rgNew.checked));
  const rgRow = el('div', { class: 'field', id: 'row-resourceGroupCreate', 'data-field': 'resourceGroupCreate' }, el('div', { class: 'label-like', id: 'rg-label' }, s('resourceGroup')), rgGroup, el('div', { class: 'readonly-note', id: 'r-resourceGroupCreate', hidden: true }), el('div', { class: 'messages', id: 'm-resourceGroupCreate' }));

  const sizeRow = selectField(
    'vmSize',
    s('vmSize'),
    [
      ['Standard_A2_v2', s('sizeA2')],
      ['Standard_A4_v2', s('sizeA4')],
      ['Standard_B2s', s('sizeB2s')],
    ],
    g.vmSizeChoice ? undefined : s('vmSizeFixed'),
  );

  const trustedRow = el('div', { class: 'field', id: 'row-trustedCertificates', 'data-field': 'trustedCertificates' });
  const trustedInput = el('vscode-textfield', { id: 'f-trustedCertificates', 'data-testid': 'f-trustedCertificates', 'aria-describedby': 'h-trustedCertificates m-trustedCertificates' }) as VscodeTextfield;
  const addTrusted = el('vscode-button', { secondary: true, 'data-testid': 'add-trusted' }, s('add')) as VscodeButton;
  const browseTrusted = el('vscode-button', { secondary: true, 'data-testid': 'browse-trusted' }, s('browse')) as VscodeButton;
  const addTyped = () => {
    const v = trustedInput.value.trim();
    if (v && !answers.trustedCertificates.includes(v)) setAnswer('trustedCertificates', [...answers.trustedCertificates, v]);
    trustedInput.value = '';
    refreshTrusted();
  };
  addTrusted.addEventListener('click', addTyped);
  trustedInput.addEventListener('keydown', (e) => {
    if ((e as KeyboardEvent).key === 'Enter') addTyped();
  });
  browseTrusted.addEventListener('click', () => void pick('trusted'));
  trustedRow.append(
    el('vscode-label', { for: 'f-trustedCertificates' }, s('trustedCerts')),
    el('ul', { class: 'list', id: 'trusted-list', 'aria-label': s('trustedCerts') }),
    el('div', { class: 'inline', id: 'trusted-add' }, trustedInput, addTrusted, browseTrusted),
    el('div', { class: 'help', id: 'h-trustedCertificates' }, s('trustedHelp')),
    el('div', { class: 'readonly-note', id: 'r-trustedCertificates', hidden: true }),
    el('div', { class: 'messages', id: 'm-trustedCertificates' }),
  );

  return pageSection(
    'settings',
    certRow,
    pwRow,
    certInfo,
    textField('wildcardHost', s('wildcardHost')),
    fqdnRow,
    deployRow,
    nameRow,
    textField('description', s('description')),
    textField('region', s('region'), { placeholder: 'westeurope' }),
    rgRow,
    textField('resourceGroupName', s('rgName')),
    sizeRow,
    textField('vmInstances', s('vmInstances'), { type: 'number', min: 1, max: 16 }),
    trustedRow,
    checkField('verifyClientCertificateRevocation', s('crl')),
    checkField('enforceTls12', s('tls12')),
    checkField('allowContent', s('content')),
    textField('connectionPointServer', s('connectionPoint'), { help: s('connectionPointHelp'), placeholder: 'cm01.contoso.com' }),
  );
}

function buildAlerts(): HTMLElement {
  const pct = (id: FieldId, key: StringKey) => textField(id, s(key), { type: 'number', min: 0, max: 100 });
  return pageSection(
    'alerts',
    section(
      s('dtEnable'),
      checkField('dtEnabled', s('dtEnable')),
      textField('dtThresholdGB', s('dtThreshold'), { type: 'number', min: 0 }),
      el('div', { class: 'pair' }, pct('dtWarningPercent', 'warningPercent'), pct('dtCriticalPercent', 'criticalPercent')),
      checkField('dtStop', s('dtStop'), s('dtHelp')),
    ),
    section(
      s('stEnable'),
      checkField('stEnabled', s('stEnable')),
      textField('stThresholdGB', s('stThreshold'), { type: 'number', min: 0 }),
      el('div', { class: 'pair' }, pct('stWarningPercent', 'warningPercent'), pct('stCriticalPercent', 'criticalPercent')),
    ),
  );
}

function buildSummary(): HTMLElement {
  return pageSection(
    'summary',
    el('p', { id: 'summary-intro' }, s('summaryIntro', init!.fileName)),
    el('dl', { class: 'summary', id: 'summary-list', 'data-testid': 'summary-list' }),
    el('div', { class: 'messages', id: 'm-gateway', 'data-testid': 'gateway-findings' }),
    el('h3', {}, s('summaryJson')),
    el('pre', { class: 'json', id: 'summary-json', 'data-testid': 'summary-json', tabindex: '0', 'aria-label': s('summaryJson') }),
  );
}

// ---------------------------------------------------------------- values ⇄ controls

function writeControls(): void {
  for (const id of FIELD_IDS) {
    const c = document.getElementById(`f-${id}`);
    if (!c) continue;
    const v = answers[id];
    if (id === 'resourceGroupCreate') {
      ($('rg-new') as VscodeRadio).checked = v === true;
      ($('rg-existing') as VscodeRadio).checked = v !== true;
    } else if (id === 'trustedCertificates') {
      refreshTrusted();
    } else if (typeof v === 'boolean') {
      (c as VscodeCheckbox).checked = v;
    } else if (typeof v === 'string') {
      (c as VscodeTextfield | VscodeSingleSelect).value = v;
    }
  }
}

function refreshTrusted(): void {
  const list = $('trusted-list');
  list.replaceChildren();
  const editable = access('trustedCertificates') === 'editable';
  if (answers.trustedCertificates.length === 0) list.append(el('li', { class: 'empty' }, s('noTrusted')));
  answers.trustedCertificates.forEach((p, i) => {
    const li = el('li', {}, el('span', { class: 'path' }, p));
    if (editable) {
      const rm = el('vscode-button', { secondary: true, 'data-testid': `remove-trusted-${i}`, 'aria-label': `${s('remove')} ${p}` }, s('remove')) as VscodeButton;
      rm.addEventListener('click', () => setAnswer('trustedCertificates', answers.trustedCertificates.filter((_, j) => j !== i)));
      li.append(rm);
    }
    list.append(li);
  });
}

function access(id: FieldId): 'editable' | 'redeploy' | 'convert' {
  return init?.access[id] ?? 'editable';
}

function setAnswer<K extends FieldId>(id: K, value: WizardAnswers[K]): void {
  (answers as unknown as Record<FieldId, unknown>)[id] = value;
  touched.add(id);
  if (id === 'wildcardHost' && cert?.wildcard && init?.mode === 'create') {
    const host = String(value).trim();
    answers.serviceFqdn = host ? host + cert.cn.slice(1) : '';
    (control<VscodeTextfield>('serviceFqdn')).value = answers.serviceFqdn;
    deriveName();
  }
  if (id === 'serviceFqdn') deriveName();
  if (id === 'trustedCertificates') refreshTrusted();
  if (id === 'serverCertificate') {
    cert = undefined;
    certNote = undefined;
  }
  saveState();
  refresh();
  scheduleValidation();
}

/** The name in the file follows the service name's first label until the admin types one. */
function deriveName(): void {
  if (nameTouched || init?.mode !== 'create') return;
  const prefix = answers.serviceFqdn.trim().split('.')[0] ?? '';
  answers.name = prefix;
  if (prefix) touched.add('name');
  control<VscodeTextfield>('name').value = prefix;
}

// ---------------------------------------------------------------- host requests

function scheduleValidation(delay = 250): void {
  if (validationTimer) clearTimeout(validationTimer);
  validationTimer = setTimeout(() => void validateNow(), delay);
}

async function validateNow(): Promise<void> {
  if (validationTimer) clearTimeout(validationTimer);
  validationTimer = undefined;
  const id = nextId++;
  lastValidation = id;
  const reply = await request<Extract<HostToWebview, { type: 'validation' }>>({ type: 'validate', id, page, answers: structuredClone(answers) });
  if (id !== lastValidation) return; // a newer one is on its way
  findings = reply.findings;
  preview = reply.preview;
  deployment = reply.deploymentName;
  changes = reply.changes;
  refresh();
}

async function readCertificate(withPassword: boolean): Promise<void> {
  const path = answers.serverCertificate.trim();
  if (!path) return;
  const pw = control<VscodeTextfield>('password');
  const remember = control<VscodeCheckbox>('remember');
  const message: WebviewToHost & { id: number } = { type: 'readCertificate', id: nextId++, path, remember: withPassword && pw.value !== '' && remember.checked };
  if (withPassword && pw.value !== '') message.password = pw.value;
  const reply = await request<Extract<HostToWebview, { type: 'certificate' }>>(message);
  if (reply.outcome === 'ok' && reply.info) {
    cert = reply.info;
    certNote = undefined;
    pw.value = '';
    remember.checked = false;
    if (init?.mode === 'create') {
      if (cert.wildcard) {
        answers.serviceFqdn = answers.wildcardHost.trim() ? answers.wildcardHost.trim() + cert.cn.slice(1) : '';
      } else {
        answers.wildcardHost = '';
        answers.serviceFqdn = cert.cn;
      }
      control<VscodeTextfield>('serviceFqdn').value = answers.serviceFqdn;
      control<VscodeTextfield>('wildcardHost').value = answers.wildcardHost;
      touched.add('serviceFqdn');
      deriveName();
      saveState();
    }
  } else {
    cert = undefined;
    certNote = {
      text: reply.outcome === 'needsPassword' ? s('certNeedsPassword') : reply.message ?? s('certNeedsPassword'),
      severity: reply.outcome === 'needsPassword' ? 'warning' : 'error',
    };
    if (reply.outcome === 'needsPassword' || reply.outcome === 'wrongPassword') pw.focus();
  }
  refresh();
  scheduleValidation(0);
}

async function pick(purpose: 'server' | 'trusted'): Promise<void> {
  const reply = await request<Extract<HostToWebview, { type: 'picked' }>>({ type: 'pickFile', id: nextId++, purpose });
  if (reply.paths.length === 0) return;
  if (purpose === 'server') {
    control<VscodeTextfield>('serverCertificate').value = reply.paths[0]!;
    setAnswer('serverCertificate', reply.paths[0]!);
    await readCertificate(false);
  } else {
    setAnswer('trustedCertificates', [...new Set([...answers.trustedCertificates, ...reply.paths])]);
  }
}

// ---------------------------------------------------------------- navigation

function goTo(target: PageId, focusHeading = true): void {
  if (!canJumpTo(target, page, findings)) {
    status(s('errorsOnPage'));
    return;
  }
  page = target;
  vscode.postMessage({ type: 'page', page });
  saveState();
  refresh();
  status('');
  if (focusHeading) $(`title-${page}`).focus();
}

async function onNext(): Promise<void> {
  attempted.add(page);
  await validateNow();
  const next = nextPage(page);
  if (!next) return;
  if (pageHasErrors(page, findings)) {
    status(s('errorsOnPage'));
    focusFirstError(page);
    return;
  }
  goTo(next);
}

async function onFinish(): Promise<void> {
  for (const p of PAGES) attempted.add(p);
  await validateNow();
  if (!canFinish(findings)) {
    const p = firstPageWithError(findings) ?? page;
    page = p;
    refresh();
    status(s('finishBlocked'));
    focusFirstError(p);
    return;
  }
  setBusy(true);
  const reply = await request<Extract<HostToWebview, { type: 'finished' }>>({ type: 'finish', id: nextId++, answers: structuredClone(answers) });
  setBusy(false);
  if (reply.outcome === 'saved') status(s('saved'));
  else if (reply.outcome === 'conflict') showBanner();
  else status(reply.message ?? s('finishBlocked'));
}

function focusFirstError(p: PageId): void {
  const f = findingsOnPage(p, findings).find((x) => x.severity === 'error' && x.field);
  const c = f?.field ? document.getElementById(`f-${f.field}`) : undefined;
  (c ?? $(`title-${p}`)).focus();
}

function status(text: string): void {
  $('status').textContent = text;
}

function setBusy(busy: boolean): void {
  app.setAttribute('aria-busy', String(busy));
  for (const id of ['btn-next', 'btn-finish', 'btn-back']) (document.getElementById(id) as VscodeButton | null)?.toggleAttribute('disabled', busy);
}

function showBanner(): void {
  fileChanged = true;
  $('banner').hidden = false;
}

// ---------------------------------------------------------------- Azure pickers

/** The text fields set aside while a picker stands in their place. */
const textControls = new Map<FieldId, HTMLElement>();

function sameSubscription(a: string | undefined, b: string): boolean {
  return !!a && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Options for a field now, or undefined = text field (signed out, error, or nothing listed). */
function pickerOptions(id: 'subscriptionId' | 'region' | 'resourceGroupName'): AzureOption[] | undefined {
  if (!azure || azure.state !== 'signedIn' || azure.environment !== answers.environment) return undefined;
  if (id === 'subscriptionId') return azure.subscriptions?.length ? azure.subscriptions : undefined;
  if (!sameSubscription(azure.subscriptionId, answers.subscriptionId)) return undefined;
  if (id === 'region') return azure.regions?.length ? azure.regions : undefined;
  return !answers.resourceGroupCreate && azure.resourceGroups?.length ? azure.resourceGroups : undefined;
}

/** Puts a `vscode-single-select` (options given) or the original text field in the field's place. */
function setPicker(id: FieldId, options: AzureOption[] | undefined): void {
  const current = document.getElementById(`f-${id}`);
  if (!current) return;
  const isSelect = current.tagName.toLowerCase() === 'vscode-single-select';
  if (!options) {
    const text = textControls.get(id);
    if (!isSelect || !text) return;
    textControls.delete(id);
    current.replaceWith(text);
    (text as VscodeTextfield).value = String(answers[id]);
    return;
  }
  const value = String(answers[id]);
  const list: AzureOption[] = [{ value: '', label: s('none') }, ...options.filter((o) => o.value !== '')];
  if (value && !list.some((o) => o.value === value)) list.splice(1, 0, { value, label: value });
  const key = JSON.stringify(list);
  if (isSelect && current.dataset.options === key) {
    if ((current as VscodeSingleSelect).value !== value) (current as VscodeSingleSelect).value = value;
    return;
  }
  const sel = el('vscode-single-select', { id: `f-${id}`, 'data-testid': `f-${id}`, 'aria-describedby': current.getAttribute('aria-describedby') ?? undefined }) as VscodeSingleSelect;
  sel.dataset.options = key;
  for (const o of list) sel.append(el('vscode-option', { value: o.value, selected: o.value === value }, o.label));
  sel.addEventListener('change', () => setAnswer(id, sel.value));
  if (!isSelect) textControls.set(id, current);
  current.replaceWith(sel);
  sel.value = value;
}

function applyAzure(): void {
  const status = document.getElementById('signin-status');
  const button = document.getElementById('signin-button') as VscodeButton | null;
  if (!status || !button) return;
  const state = azure && azure.environment === answers.environment ? azure.state : 'signedOut';
  status.textContent =
    state === 'signedIn' ? s('signedIn', azure?.account ?? '') : state === 'signingIn' ? s('signingIn') : state === 'error' ? s('azureError', azure?.message ?? '') : s('signedOut');
  button.hidden = state === 'signedIn' || state === 'signingIn';
  setPicker('subscriptionId', pickerOptions('subscriptionId'));
  setPicker('region', pickerOptions('region'));
  setPicker('resourceGroupName', pickerOptions('resourceGroupName'));
}

// ---------------------------------------------------------------- refresh (visibility, findings)

function refresh(): void {
  if (!init) return;
  const g = init.gates;
  applyAzure();
  for (const p of PAGES) {
    $(`page-${p}`).hidden = p !== page;
    const step = $(`step-${p}`);
    step.classList.toggle('current', p === page);
    step.classList.toggle('done', pageIndex(p) < pageIndex(page));
    step.classList.toggle('has-error', pageHasErrors(p, findings.filter(shown)));
    if (p === page) step.setAttribute('aria-current', 'step');
    else step.removeAttribute('aria-current');
    step.setAttribute('aria-label', `${s('stepOf', String(pageIndex(p) + 1), String(PAGES.length))}: ${s(pageKey(p))}`);
  }
  const first = page === 'general';
  const last = page === 'summary';
  ($('btn-back') as VscodeButton).disabled = first;
  ($('btn-next') as VscodeButton).disabled = last;
  // The console's Properties sheet applies from any tab; the create wizard finishes on Summary.
  ($('btn-finish') as VscodeButton).disabled = init.mode === 'create' ? !last : false;
  $('banner').hidden = !fileChanged;

  // Visibility driven by the version, the mode and the certificate.
  $('row-wildcardHost').hidden = !(cert?.wildcard || answers.wildcardHost);
  document.getElementById('h-wildcardHost')?.remove();
  if (cert?.wildcard) $('row-wildcardHost').insertBefore(el('div', { class: 'help', id: 'h-wildcardHost' }, s('wildcardHelp', cert.cn)), $('r-wildcardHost'));
  $('row-enforceTls12').hidden = !g.tls12;
  $('row-connectionPointServer').hidden = init.mode !== 'create';
  $('row-password').hidden = !answers.serverCertificate.trim() || access('serverCertificate') !== 'editable';
  for (const id of ['dtThresholdGB', 'dtWarningPercent', 'dtCriticalPercent', 'dtStop'] as FieldId[]) setDisabled(id, !answers.dtEnabled || access(id) !== 'editable');
  for (const id of ['stThresholdGB', 'stWarningPercent', 'stCriticalPercent'] as FieldId[]) setDisabled(id, !answers.stEnabled || access(id) !== 'editable');
  $('deployment-name').textContent = deployment || '—';

  const info = $('cert-info');
  info.replaceChildren();
  if (cert) {
    info.append(el('span', {}, s('certLoaded', cert.subject)), el('span', { class: 'sep' }, ' · '), el('span', {}, s('certExpires', new Date(cert.notAfter).toLocaleDateString())));
  } else if (certNote) {
    info.append(el('span', { class: `finding ${certNote.severity}` }, certNote.text));
  }
  info.hidden = !cert && !certNote;

  // Read-only fields in modify mode, plus the version gates.
  for (const id of FIELD_IDS) {
    const a = access(id);
    const note = document.getElementById(`r-${id}`);
    const ro = a !== 'editable' || (id === 'deploymentMethod' && g.methods.length < 2 && init.mode === 'create') || (id === 'vmSize' && !g.vmSizeChoice);
    setReadOnly(id, ro);
    if (note) {
      note.hidden = a === 'editable';
      if (a !== 'editable' && !note.firstChild) {
        const link = el('a', { href: '#', 'data-testid': `plan-${id}` }, s('showPlan'));
        link.addEventListener('click', (e) => {
          e.preventDefault();
          vscode.postMessage({ type: 'showPlan' });
        });
        note.append(el('span', {}, a === 'convert' ? s('readOnlyConvert') : s('readOnlyRedeploy')), ' ', link);
      }
    }
    const row = document.getElementById(`row-${id}`);
    if (row && init.original) row.classList.toggle('changed', JSON.stringify(answers[id]) !== JSON.stringify(init.original[id]));
  }
  $('trusted-add').hidden = access('trustedCertificates') !== 'editable';

  // Findings under their fields.
  for (const id of [...FIELD_IDS, 'gateway']) {
    const box = document.getElementById(`m-${id}`);
    if (!box) continue;
    const mine = id === 'gateway' ? findings.filter((f) => !f.field) : findings.filter((f) => f.field === id && shown(f));
    box.replaceChildren(...mine.map(findingElement));
    const c = document.getElementById(`f-${id}`);
    const invalid = mine.some((f) => f.severity === 'error');
    if (c) {
      c.toggleAttribute('invalid', invalid);
      c.setAttribute('aria-invalid', String(invalid));
    }
  }
  if (page === 'summary') refreshSummary();
}

/** Whether a finding is shown yet: not before the admin had a chance to fill the field in. */
function shown(f: FieldFinding): boolean {
  if (!f.field || init?.mode === 'modify') return true;
  return touched.has(f.field) || attempted.has(FIELD_PAGE[f.field]);
}

function findingElement(f: FieldFinding): HTMLElement {
  return el('div', { class: `finding ${f.severity}`, 'data-rule': f.rule }, el('span', { class: 'rule' }, f.rule), el('span', { class: 'message' }, f.message));
}

function setReadOnly(id: FieldId, ro: boolean): void {
  const c = document.getElementById(`f-${id}`);
  if (!c) return;
  const tag = c.tagName.toLowerCase();
  if (tag === 'vscode-textfield') (c as VscodeTextfield).readonly = ro;
  else if (tag === 'vscode-checkbox' || tag === 'vscode-single-select') {
    if (ro) c.setAttribute('data-readonly', '');
    else c.removeAttribute('data-readonly');
    (c as VscodeCheckbox).disabled = ro || c.hasAttribute('data-disabled');
  } else if (tag === 'vscode-radio-group') {
    for (const r of Array.from(c.querySelectorAll('vscode-radio'))) (r as VscodeRadio).disabled = ro;
  }
}

function setDisabled(id: FieldId, disabled: boolean): void {
  const c = document.getElementById(`f-${id}`);
  if (!c) return;
  if (disabled) c.setAttribute('data-disabled', '');
  else c.removeAttribute('data-disabled');
  if (c.tagName.toLowerCase() === 'vscode-textfield') (c as VscodeTextfield).disabled = disabled;
  else (c as VscodeCheckbox).disabled = disabled || c.hasAttribute('data-readonly');
}

function refreshSummary(): void {
  const dl = $('summary-list');
  dl.replaceChildren();
  const yes = (b: boolean) => (b ? s('on') : s('off'));
  const env = answers.environment === 'AzureUSGovernmentCloud' ? s('envUsGov') : s('envPublic');
  const method = answers.deploymentMethod === 'vmss' ? s('methodVmss') : s('methodClassic');
  const size = answers.vmSize === 'Standard_A4_v2' ? s('sizeA4') : answers.vmSize === 'Standard_B2s' ? s('sizeB2s') : s('sizeA2');
  const rows: [string, string][] = [
    [s('environment'), env],
    [s('method'), method],
    [s('subscriptionId'), answers.subscriptionId || s('none')],
    [s('certFile'), answers.serverCertificate || s('none')],
    [s('serviceFqdn'), answers.serviceFqdn || s('none')],
    [s('deploymentName'), deployment || s('none')],
    [s('name'), answers.name || s('none')],
    [s('description'), answers.description || s('none')],
    [s('region'), answers.region || s('none')],
    [s('resourceGroup'), `${answers.resourceGroupName || s('none')} (${answers.resourceGroupCreate ? s('rgNew') : s('rgExisting')})`],
    [s('vmSize'), size],
    [s('vmInstances'), answers.vmInstances],
    [s('trustedCerts'), answers.trustedCertificates.join(', ') || s('none')],
    [s('crl'), yes(answers.verifyClientCertificateRevocation)],
  ];
  if (init!.gates.tls12) rows.push([s('tls12'), yes(answers.enforceTls12)]);
  rows.push(
    [s('content'), yes(answers.allowContent)],
    [s('dtEnable'), answers.dtEnabled ? `${answers.dtThresholdGB} GB · ${answers.dtWarningPercent} % / ${answers.dtCriticalPercent} %${answers.dtStop ? ` · ${s('dtStop')}` : ''}` : s('off')],
    [s('stEnable'), answers.stEnabled ? `${answers.stThresholdGB} GB · ${answers.stWarningPercent} % / ${answers.stCriticalPercent} %` : s('off')],
  );
  if (init!.mode === 'create' && answers.connectionPointServer.trim()) rows.push([s('connectionPoint'), answers.connectionPointServer.trim()]);
  for (const [k, v] of rows) dl.append(el('dt', {}, k), el('dd', {}, v));
  $('summary-json').textContent = init!.mode === 'modify' && changes === 0 ? s('summaryNoChanges') : preview;
}

// ---------------------------------------------------------------- messages from the host

function restoredState(msg: InitMessage): WizardViewState | undefined {
  const st = vscode.getState() as Partial<WizardViewState> | undefined;
  if (!st || st.v !== 1 || st.mode !== msg.mode || st.fileUri !== msg.fileUri || st.gatewayName !== msg.gatewayName || !st.answers) return undefined;
  // The host validates answers on every request; here only the shape matters.
  if (!FIELD_IDS.every((k) => k in st.answers!)) return undefined;
  return st as WizardViewState;
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const msg = event.data;
  if (!msg || typeof msg !== 'object') return;
  if ('id' in msg && typeof msg.id === 'number' && pending.has(msg.id)) {
    const resolve = pending.get(msg.id)!;
    pending.delete(msg.id);
    resolve(msg);
    return;
  }
  switch (msg.type) {
    case 'init': {
      init = msg;
      const st = restoredState(msg);
      answers = structuredClone(st?.answers ?? msg.answers);
      page = st?.page ?? msg.page;
      nameTouched = msg.mode === 'modify' || answers.name !== '';
      build();
      writeControls();
      refresh();
      if (st) {
        status(s('restored'));
        for (const id of FIELD_IDS) if (JSON.stringify(answers[id]) !== JSON.stringify(msg.answers[id])) touched.add(id);
      }
      saveState();
      void validateNow();
      if (answers.serverCertificate && msg.mode === 'create') void readCertificate(false);
      $(`title-${page}`).focus();
      break;
    }
    case 'azure': {
      const checked = validateAzureMessage(msg);
      if (!checked || !init) break;
      azure = checked;
      refresh();
      break;
    }
    case 'fileChanged':
      showBanner();
      break;
    case 'reloaded':
      fileChanged = false;
      answers = structuredClone(msg.answers);
      if (init && msg.original) init.original = msg.original;
      writeControls();
      saveState();
      refresh();
      void validateNow();
      break;
    case 'error':
      status(msg.message);
      break;
    default:
      break;
  }
});

// Keyboard: Alt+N / Alt+B as in Windows wizards; Enter on a step button activates it (native).
window.addEventListener('keydown', (e) => {
  if (!e.altKey || e.ctrlKey || e.metaKey) return;
  if (e.key === 'n' || e.key === 'N') {
    e.preventDefault();
    void onNext();
  } else if (e.key === 'b' || e.key === 'B') {
    e.preventDefault();
    const p = previousPage(page);
    if (p) goTo(p);
  }
});

vscode.postMessage({ type: 'ready' });
