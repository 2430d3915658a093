/** Compiled entry points for test/bench/plan.bench.mjs (bundled by `node esbuild.mjs --tests`). */
export { buildPlan, sequence } from '../../../src/core/plan/plan';
export { planToText } from '../../../src/core/plan/format';
export { deploymentScript } from '../../../src/core/deploy/script';
export { config, gateway, legacy } from './fixtures';
