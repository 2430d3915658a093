import { t } from '../core/l10n';

/** What a CLI subcommand gets from the outside world; tests pass their own. */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** True when stdout is a terminal: colours and alignment for people. */
  readonly isTTY: boolean;
}

/** Exit codes shared by every subcommand (a contract: pipelines depend on them). */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {}

/** The value after option `name` (`v`, the next argument): a usage error when it is missing or is itself an option. */
export function optionValue(name: string, v: string | undefined): string {
  if (v === undefined || v.startsWith('--')) throw new UsageError(t('{0} needs a value.', name));
  return v;
}

/** The value of `--format`: text (for people) or json (for tools). */
export function outputFormat(value: string): 'text' | 'json' {
  if (value !== 'text' && value !== 'json') throw new UsageError(t('--format must be text or json, not {0}.', value));
  return value;
}

export type Subcommand = (args: string[], io: CliIO) => Promise<number>;

export function processIO(): CliIO {
  return {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  };
}
