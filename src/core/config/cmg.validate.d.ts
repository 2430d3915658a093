/** The schema validator compiled ahead of time (see gen-validator.mjs). */
import type { ValidateFunction } from 'ajv';
declare const validate: ValidateFunction;
export default validate;
