// Every workflow the worker registers. Workflow code is bundled and sandboxed by Temporal: it must stay
// deterministic and may import only `domain/` and types (eslint enforces this).
export { runtimeProbeWorkflow } from './runtime-probe';
export { dossierWorkflow } from './dossier/workflow';
export { payrollWorkflow, scheduledPayrollWorkflow } from './payroll/workflow';
export { retentionWorkflow } from './retention';
