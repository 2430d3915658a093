/**
 * `cmg plan DESIRED.cmg.json [--deployed SNAPSHOT.cmg.json] [--format text|json]`
 * JSON: `{gateways: [{name, action, changes: [{field, mode}], steps: [{kind, ...}]}], findings: [{rule, severity, message}]}`.
 * Exit 0, 1 when an error finding (or the desired file has errors), 2 for usage.
 */
import * as path from 'node:path';
import { pendingRemovals, readJournal } from '../core/deploy/journal';
import { t } from '../core/l10n';
import { planToText } from '../core/plan/format';
import { loadPlanInput } from '../core/plan/input';
import { buildPlan, planHasErrors, planToJson, type Plan } from '../core/plan/plan';
import { CliIO, EXIT_FINDINGS, EXIT_OK, UsageError, optionValue, outputFormat } from './io';

export async function planCommand(args: string[], io: CliIO): Promise<number> {
  let file: string | undefined;
  let deployed: string | undefined;
  let format: 'text' | 'json' = 'text';
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (): string => optionValue(a, args[++i]);
    if (a === '--deployed') deployed = value();
    else if (a === '--format') {
      format = outputFormat(value());
    } else if (a.startsWith('--')) throw new UsageError(t('Unknown option {0}.', a));
    else if (file === undefined) file = a;
    else throw new UsageError(t('Only one configuration file can be planned at a time.'));
  }
  if (!file) throw new UsageError(t('Name the desired configuration file (DESIRED.cmg.json).'));
  const filePath = path.resolve(io.cwd, file);
  const usGovVmssSuffix = io.env.CMG_USGOV_VMSS_SUFFIX?.trim() || undefined;
  const input = loadPlanInput(filePath, deployed === undefined ? undefined : path.resolve(io.cwd, deployed), undefined, { usGovVmssSuffix });
  let plan: Plan;
  if (!input.desired) plan = { gateways: [], findings: input.findings };
  else {
    plan = buildPlan(input.desired, input.deployed, { certificates: input.certificates, pendingRemovals: pendingRemovals(readJournal(filePath)), usGovVmssSuffix });
  }
  if (format === 'json') io.stdout(`${JSON.stringify(planToJson(plan), null, 2)}\n`);
  else io.stdout(planToText(plan, file));
  return planHasErrors(plan) ? EXIT_FINDINGS : EXIT_OK;
}
