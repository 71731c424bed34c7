// The bench worker's workflows: the real ones, plus the bare workflow they are measured against.
export * from '../../workflows/index';
export { bareWorkflow } from './bare';
