/**
 * Server-issued ids (`task-…`, `reset-…`, the seed's patterns): a millisecond time prefix in
 * base 36 keeps them roughly in creation order, random hex keeps them unguessable and unique.
 */
import { randomHex } from '../../kit/secrets.js'

const make = (prefix: string, now: Date) => `${prefix}-${now.getTime().toString(36)}${randomHex(5)}`

export const newTaskId = (now: Date) => make('task', now)
export const newResetId = (now: Date) => make('reset', now)
