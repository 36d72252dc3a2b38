/**
 * The orchestrator's queries: plain functions taking the database (or a transaction) first.
 * State changes that race (dispatch, results, cancels, timeouts) are compare-and-set updates
 * on the task's current status, so two paths can never both move the same task.
 */
export * from './repo/devices.js'
export * from './repo/emergency.js'
export * from './repo/nodes.js'
export * from './repo/tasks.js'
export type { Db, Page } from './repo/shared.js'
