/**
 * Wires the orchestrator's parts for one app: settings, the node hub, the dispatcher, the node
 * protocol, the sweeper and the emergency button. Start-up treats every node as disconnected
 * (no socket survives a restart), which starts the lost-task grace for tasks they were running.
 */
import type { AppDeps } from '../../deps.js'
import { Dispatcher } from './dispatch.js'
import { Emergency } from './emergency.js'
import { NodeHub } from './hub/hub.js'
import { nodeProtocol } from './node-protocol.js'
import { OrchestratorSettings } from './settings.js'
import { startSweeper } from './sweeper.js'
import * as repo from './repo.js'

export type Orchestrator = ReturnType<typeof createOrchestrator>

export function createOrchestrator(deps: AppDeps) {
  const { db, clock, config } = deps
  const logger = deps.logger.child({ service: 'orchestrator' })
  const settings = new OrchestratorSettings(config, deps.reloadConfig)
  // The protocol needs the hub and dispatcher, which need it: it reaches them through getters.
  const protocol = nodeProtocol({ db, clock, dispatcher: () => dispatcher, hub: () => hub })
  const hub = new NodeHub({ nodeToken: config.secrets.orchNodeToken, settings, clock, logger, protocol })
  const dispatcher = new Dispatcher({ db, hub, settings, clock, logger })
  const emergency = new Emergency({ db, clock, logger, settings, dispatcher, hub, limiter: deps.limiter, secret: config.secrets.orchAdminToken })

  let stopSweeper: (() => Promise<void>) | null = null
  const ready = (async () => {
    await repo.markAllNodesDisconnected(db, clock.now().toISOString())
    stopSweeper = startSweeper({ db, clock, logger, settings, dispatcher, hub })
  })()

  return {
    db,
    dialect: deps.dialect,
    clock,
    settings,
    hub,
    dispatcher,
    emergency,
    ready,
    version: '1.0.0',
    onListen: (server: import('node:http').Server) => hub.attach(server),
    async close() {
      await ready.catch(() => undefined)
      await stopSweeper?.()
      await emergency.close()
      await hub.close()
    },
  }
}
