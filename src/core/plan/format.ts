/**
 * Human-readable views of a plan: plain text (CLI) and Markdown (VS Code's "Show plan").
 * Localized with `t()`.
 */
import { t } from '../l10n';
import type { GatewayAction, Plan, PlanStep } from './plan';
import { sequence } from './plan';

export function actionLabel(action: GatewayAction): string {
  switch (action) {
    case 'none':
      return t('no change');
    case 'create':
      return t('create');
    case 'update':
      return t('update in place');
    case 'convert':
      return t('convert to virtual machine scale set');
    case 'redeploy':
      return t('redeploy');
    case 'remove':
      return t('remove');
  }
}

export function modeLabel(mode: string): string {
  return mode === 'in-place' ? t('in place') : mode === 'convert' ? t('by Convert') : t('needs a redeploy');
}

export function roleLabel(role: string): string {
  return role === 'managementPoint' ? t('management point') : t('software update point');
}

export function stepLabel(step: PlanStep): string {
  switch (step.kind) {
    case 'create-gateway':
      return t('Create cloud management gateway {0}', step.serviceFqdn);
    case 'add-connection-point':
      return t('Add connection point on {0} (site {1}) for {2}', step.server, step.siteCode, step.serviceFqdn);
    case 'update-gateway':
      return t('Update {0} in place: {1}', step.serviceFqdn, step.fields.join(', '));
    case 'convert-gateway':
      return t('Convert {0} to a virtual machine scale set (console: Convert){1}', step.serviceFqdn, step.fields.length > 1 ? ` [${step.fields.filter((f) => f !== '/deploymentMethod').join(', ')}]` : '');
    case 'set-role':
      return step.allowCmgTraffic
        ? t('Allow CMG traffic on the {0} {1}', roleLabel(step.role), step.server)
        : t('Stop CMG traffic on the {0} {1}', roleLabel(step.role), step.server);
    case 'wait':
      return t('Wait at least {0} hours: {1}', String(step.hours), step.reason);
    case 'remove-connection-point':
      return t('Remove connection point on {0} (site {1}) from {2}', step.server, step.siteCode, step.serviceFqdn);
    case 'remove-gateway':
      return t('Remove cloud management gateway {0}', step.serviceFqdn);
  }
}

function severityLabel(s: string): string {
  return s === 'error' ? t('error') : s === 'warning' ? t('warning') : t('info');
}

export function planToText(plan: Plan, file?: string): string {
  const lines: string[] = [];
  if (file) lines.push(t('Plan for {0}', file), '');
  for (const g of plan.gateways) {
    lines.push(`${g.name}: ${actionLabel(g.action)}`);
    for (const c of g.changes) lines.push(`  ~ ${c.field} (${modeLabel(c.mode)})`);
    g.steps.forEach((s, i) => lines.push(`  ${i + 1}. [${s.kind}] ${stepLabel(s)}`));
    lines.push('');
  }
  const order = sequence(plan);
  if (order.length) {
    lines.push(t('Order of execution:'));
    for (const s of order) lines.push(`  ${s.index}. (${t('stage {0}', String(s.stage))}) ${stepLabel(s.step)}`);
    lines.push('');
  }
  if (plan.findings.length) {
    lines.push(t('Findings:'));
    for (const f of plan.findings) lines.push(`  ${severityLabel(f.severity)} ${f.rule}: ${f.message}`);
  } else lines.push(t('No findings.'));
  return `${lines.join('\n')}\n`;
}

/** A label ending in a colon ("Findings:", "Constats :") as a heading. */
function heading(s: string): string {
  return s.replace(/\s*:\s*$/, '');
}

function md(s: string): string {
  return s.replace(/([\\`*_{}[\]<>#|])/g, '\\$1');
}

export function planToMarkdown(plan: Plan, file: string): string {
  const out: string[] = [`# ${md(t('Plan for {0}', file))}`, '', md(t('What would happen if you deploy now. Nothing has run.')), ''];
  for (const g of plan.gateways) {
    out.push(`## ${md(g.name)}: ${md(actionLabel(g.action))}`, '');
    if (g.changes.length) {
      out.push(`| ${md(t('Field'))} | ${md(t('How it changes'))} |`, '|---|---|');
      for (const c of g.changes) out.push(`| \`${c.field}\` | ${md(modeLabel(c.mode))} |`);
      out.push('');
    }
    if (g.steps.length) {
      g.steps.forEach((s, i) => out.push(`${i + 1}. ${md(stepLabel(s))}`));
      out.push('');
    } else out.push(`_${md(t('Nothing to do.'))}_`, '');
  }
  const order = sequence(plan);
  if (order.length) {
    out.push(`## ${md(heading(t('Order of execution:')))}`, '');
    for (const s of order) out.push(`${s.index}. **${md(t('stage {0}', String(s.stage)))}**: ${md(stepLabel(s.step))}`);
    out.push('');
  }
  out.push(`## ${md(heading(t('Findings:')))}`, '');
  if (!plan.findings.length) out.push(md(t('No findings.')));
  for (const f of plan.findings) out.push(`- **${md(severityLabel(f.severity))}** \`${f.rule}\`: ${md(f.message)}`);
  return `${out.join('\n')}\n`;
}
