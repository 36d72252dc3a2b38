/**
 * The whole database as the services see it: the kit's tables and every service's own
 * (`src/services/<slug>/tables.ts`). Adding a service with tables adds one `extends` here.
 */
import type { KitTables } from '../db/kit-tables.js'
import type { OrchestratorTables } from './orchestrator/tables.js'
import type { OperatorTables } from './operator/tables.js'
import type { FindoriTables } from './findori/tables.js'
import type { HitlTables } from './hitl/tables.js'
import type { SajuTables } from './saju/tables.js'

export interface Database extends KitTables, OrchestratorTables, OperatorTables, FindoriTables, HitlTables, SajuTables {}
