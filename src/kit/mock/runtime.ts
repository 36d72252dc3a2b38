/**
 * What the mock needs beyond the spec's examples, for sessions: where it keeps state (the
 * server's database, keyed by session) and the scenario files `make gen` validated and resolved
 * (generated/mock/scenarios.gen.ts). Served only in mock mode; without it the mock is stateless.
 */
export interface MockStateStore {
  /** Stores (or replaces) a resource of a collection in a session. */
  put(session: string, collection: string, id: string, body: unknown): Promise<void>
  get(session: string, collection: string, id: string): Promise<unknown | undefined>
  /** A collection's resources in the order they were first created. */
  list(session: string, collection: string): Promise<unknown[]>
  remove(session: string, collection: string, id: string): Promise<boolean>
  /** How many times the session asked this scenario's operation before (0 the first time), counting this call. */
  step(session: string, scenario: string, operationId: string): Promise<number>
  /** Forgets everything of a session (its resources and scenario positions). */
  clear(session: string): Promise<void>
  /** Everything a session holds, for `GET /__mock/sessions/{session}`. */
  dump(session: string): Promise<{ resources: Record<string, unknown[]>; steps: Record<string, number> }>
}

/** One scripted answer of a scenario, resolved by `make gen` (example + merge, or a full body). */
export interface ScriptedAnswer {
  status: number
  body?: unknown
  headers?: Record<string, string | number>
}

/** An explicit create → read/list mapping, where the guessing rule (resources.ts) cannot see it. */
export interface ResourceMapping {
  create: string
  read?: string
  list?: string
  update?: string[]
  remove?: string
  /** JSON pointer of the id in the created body (e.g. `/task_id`). */
  id: string
}

export interface ContractScenarios {
  resources: ResourceMapping[]
  scenarios: Record<string, { description?: string; operations: Record<string, ScriptedAnswer[]> }>
}

export interface MockRuntime {
  store: MockStateStore
  /** Per contract slug. */
  scenarios: Record<string, ContractScenarios>
  now: () => Date
}

/** The request header naming a mock session (any client-chosen name). */
export const SESSION_HEADER = 'x-mock-session'
export const SESSION_NAME = /^[A-Za-z0-9_.:-]{1,128}$/
