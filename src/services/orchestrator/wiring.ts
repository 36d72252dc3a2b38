/**
 * Wires the orchestrator's parts for one app: settings, the node hub, the dispatcher, the node
 * protocol, the sweeper, the emergency button and the router that sends work for a node to the
 * process holding its connection. SQLite: one process; start-up treats every node as
 * disconnected (no socket survives a restart), which starts the lost-task grace for tasks they
 * were running. PostgreSQL: several processes may serve; this one joins with a lease instead
 * (cluster/membership.ts), and nodes of processes whose lease ran out go offline.
 */
import type { AppDeps } from '../../deps.js'
import { compileTrust } from '../../kit/client-address.js'
import { Dispatcher } from './dispatch.js'
import { Emergency } from './emergency.js'
import { NodeHub } from './hub/hub.js'
import { nodeProtocol } from './node-protocol.js'
import { OrchestratorSettings } from './settings.js'
import { startSweeper } from './sweeper.js'
import { newProcessId } from './cluster/actions.js'
import { Membership } from './cluster/membership.js'
import { NodeRouter } from './cluster/router.js'
import * as repo from './repo.js'

export type Orchestrator = ReturnType<typeof createOrchestrator>

export function createOrchestrator(deps: AppDeps) {
  const { db, clock, config } = deps
  const logger = deps.logger.child({ service: 'orchestrator' })
  const settings = new OrchestratorSettings(config, deps.reloadConfig)
  const shared = deps.dialect === 'postgres'
  // The parts need each other: they reach the later ones through getters.
  const router: NodeRouter = new NodeRouter({
    db,
    clock,
    logger,
    processId: newProcessId(),
    shared,
    hub: () => hub,
    dispatcher: () => dispatcher,
    emergency: () => emergency,
  })
  const protocol = nodeProtocol({ db, clock, router, dispatcher: () => dispatcher, hub: () => hub })
  const hub = new NodeHub({ nodeToken: config.secrets.orchNodeToken, settings, clock, logger, protocol, trustProxy: compileTrust(config.trustProxy) })
  const dispatcher = new Dispatcher({ db, hub, settings, clock, logger })
  const emergency: Emergency = new Emergency({
    db,
    clock,
    logger,
    settings,
    dispatcher,
    hub,
    router,
    limiter: deps.limiter,
    secret: config.secrets.orchAdminToken,
  })
  const membership = shared
    ? new Membership({ db, databaseUrl: config.databaseUrl, clock, logger, leaseMs: config.orchestrator.processLeaseMs, router, hub, emergency })
    : null

  let stopSweeper: (() => Promise<void>) | null = null
  const ready = (async () => {
    if (membership) await membership.start()
    else await repo.markAllNodesDisconnected(db, clock.now().toISOString())
    stopSweeper = startSweeper({ db, clock, logger, settings, dispatcher, router })
  })()

  return {
    db,
    dialect: deps.dialect,
    clock,
    settings,
    hub,
    dispatcher,
    emergency,
    router,
    ready,
    version: '1.0.0',
    onListen: (server: import('node:http').Server) => hub.attach(server),
    async close() {
      await ready.catch(() => undefined)
      await stopSweeper?.()
      await emergency.close()
      await hub.close()
      await membership?.stop()
    },
  }
}
