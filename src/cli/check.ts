import { CliIO, UsageError } from './io';

/** Placeholder until the owning issue implements it. */
export async function checkCommand(_args: string[], _io: CliIO): Promise<number> {
  throw new UsageError('not implemented yet');
}
