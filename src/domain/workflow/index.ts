/**
 * Public surface of the dossier workflow domain: the transition table, the pure `decide`
 * function, clock application and template steps. No I/O; other modules import only this file.
 */
export { applyClockOps, type ClockColumns, type ClockLimit, clockColumns } from './clock.js';
export {
  type ActionInput,
  type ClockOp,
  DEFAULT_WORKFLOW_SETTINGS,
  type DecideContext,
  type Decision,
  type DossierFacts,
  decide,
  type ExtensionRequest,
  type ProposedOutcome,
  type Refusal,
  type RefusalCode,
  type WorkflowPatch,
  type WorkflowSettings,
} from './decide.js';
export {
  parseSteps,
  stepDeadline,
  stepForState,
  type TemplateStep,
  transferDeadline,
} from './steps.js';
export {
  ACTIONS,
  type ActionSpec,
  actionSpec,
  actionsFrom,
  type DossierAction,
  type DossierState,
  type DossierStatus,
  type FormCode,
  firstInvalidEvent,
  isAction,
  isFinishedState,
  isStatus,
  nextState,
  PROCESSING_STATES,
  STATES,
  TERMINAL_STATES,
  TRANSITIONS,
  type WorkflowRole,
} from './table.js';
