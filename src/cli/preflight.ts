/**
 * `cmg preflight DESIRED.cmg.json [--gateway NAME] [--format text|json] [--arm-endpoint URL]`
 * Azure pre-flight checks for the gateways the plan creates (or `--gateway`), signed in with
 * `@azure/identity`: a service principal from AZURE_TENANT_ID / AZURE_CLIENT_ID /
 * AZURE_CLIENT_SECRET (authority: the gateway's cloud, or AZURE_AUTHORITY_HOST), otherwise
 * `DefaultAzureCredential` (Azure CLI, managed identity, …).
 * JSON: `{results: [{gateway, id, status, message, fix?}]}`. Exit 0 when nothing failed, 1 when a
 * check failed or errored (or the file has errors), 2 for usage.
 */
import * as path from 'node:path';
import type { TokenCredential } from '@azure/core-auth';
import { t } from '../core/l10n';
import { loadPlanInput } from '../core/plan/input';
import { buildPlan, deploymentPrefix } from '../core/plan/plan';
import { CliIO, EXIT_FINDINGS, EXIT_OK, UsageError, optionValue, outputFormat } from './io';

export async function preflightCommand(args: string[], io: CliIO): Promise<number> {
  let file: string | undefined;
  let only: string | undefined;
  let format: 'text' | 'json' = 'text';
  let armEndpoint: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (): string => optionValue(a, args[++i]);
    if (a === '--gateway') only = value();
    else if (a === '--arm-endpoint') armEndpoint = value();
    else if (a === '--format') {
      format = outputFormat(value());
    } else if (a.startsWith('--')) throw new UsageError(t('Unknown option {0}.', a));
    else if (file === undefined) file = a;
    else throw new UsageError(t('Only one configuration file can be checked at a time.'));
  }
  if (!file) throw new UsageError(t('Name the desired configuration file (DESIRED.cmg.json).'));
  if (armEndpoint && !/^https:\/\//i.test(armEndpoint)) throw new UsageError(t('--arm-endpoint must be an https:// address.'));
  const usGovVmssSuffix = io.env.CMG_USGOV_VMSS_SUFFIX?.trim() || undefined;
  const input = loadPlanInput(path.resolve(io.cwd, file), undefined, undefined, { usGovVmssSuffix });
  if (!input.desired) {
    io.stderr(`${input.findings.map((f) => f.message).join('\n')}\n`);
    return EXIT_FINDINGS;
  }
  const desired = input.desired;
  const plan = buildPlan(desired, input.deployed, { certificates: input.certificates, usGovVmssSuffix });
  const creating = new Set(plan.gateways.filter((g) => g.steps.some((s) => s.kind === 'create-gateway')).map((g) => g.name));
  const gateways = desired.gateways.filter((g) => (only ? g.name === only : creating.has(g.name)));
  if (only && gateways.length === 0) throw new UsageError(t('No gateway named {0} in {1}.', only, file));
  if (gateways.length === 0) {
    if (format === 'json') io.stdout(`${JSON.stringify({ results: [] }, null, 2)}\n`);
    else io.stdout(`${t('The plan creates no gateway: nothing to check in Azure. Name one with --gateway.')}\n`);
    return EXIT_OK;
  }
  const [{ runPreflight, AZURE_ENDPOINTS }, identity] = await Promise.all([import('../core/azure/preflight'), import('@azure/identity')]);
  const out: Array<{ gateway: string; id: string; status: string; message: string; fix?: string }> = [];
  for (const g of gateways) {
    const endpoints = AZURE_ENDPOINTS[g.environment];
    const env = io.env;
    let credential: TokenCredential;
    if (env.AZURE_TENANT_ID && env.AZURE_CLIENT_ID && env.AZURE_CLIENT_SECRET) {
      credential = new identity.ClientSecretCredential(env.AZURE_TENANT_ID, env.AZURE_CLIENT_ID, env.AZURE_CLIENT_SECRET, {
        authorityHost: env.AZURE_AUTHORITY_HOST || endpoints.authority,
        // A custom authority (a private or test endpoint) has no Microsoft instance metadata.
        disableInstanceDiscovery: Boolean(env.AZURE_AUTHORITY_HOST),
      });
    } else credential = new identity.DefaultAzureCredential({ authorityHost: endpoints.authority });
    const old = input.deployed?.gateways.find((x) => x.name === g.name);
    const results = await runPreflight({
      credential,
      gateway: g,
      endpointOverride: armEndpoint,
      usGovVmssSuffix,
      nameInUseByThisGateway: Boolean(old && deploymentPrefix(old.serviceFqdn) === deploymentPrefix(g.serviceFqdn)),
    });
    for (const r of results) out.push({ gateway: g.name, ...r });
  }
  if (format === 'json') io.stdout(`${JSON.stringify({ results: out }, null, 2)}\n`);
  else {
    const mark = { pass: 'pass', warn: 'warn', fail: 'FAIL', error: 'ERROR' } as Record<string, string>;
    for (const r of out) io.stdout(`${r.gateway}  ${mark[r.status]}  ${r.id}: ${r.message}${r.fix ? `\n    → ${r.fix}` : ''}\n`);
  }
  return out.some((r) => r.status === 'fail' || r.status === 'error') ? EXIT_FINDINGS : EXIT_OK;
}
