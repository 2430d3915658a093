import { CliIO, UsageError } from './io';

/** Placeholder until the owning issue implements it. */
export async function certCheckCommand(_args: string[], _io: CliIO): Promise<number> {
  throw new UsageError('not implemented yet');
}
