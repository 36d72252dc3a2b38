/**
 * A TCP load balancer for multi-process tests (beside processes.ts), as a deployment puts in front of `/ws/node`: each new
 * connection goes to the first backend (in the order `backends()` gives now) that accepts it.
 * No stickiness: a node runner whose process died reconnects and lands on another.
 */
import { connect, createServer, type Server, type Socket } from 'node:net'

export interface Balancer {
  port: number
  close(): Promise<void>
}

export async function startBalancer(backends: () => number[]): Promise<Balancer> {
  const sockets = new Set<Socket>()
  const track = (s: Socket) => {
    sockets.add(s)
    s.once('close', () => sockets.delete(s))
  }
  const server: Server = createServer((client) => {
    track(client)
    client.pause()
    const tryNext = (ports: number[]) => {
      const port = ports[0]
      if (port === undefined) return void client.destroy()
      const upstream = connect(port, '127.0.0.1')
      upstream.once('error', () => tryNext(ports.slice(1)))
      upstream.once('connect', () => {
        track(upstream)
        upstream.removeAllListeners('error')
        upstream.on('error', () => client.destroy())
        client.on('error', () => upstream.destroy())
        upstream.on('close', () => client.destroy())
        client.on('close', () => upstream.destroy())
        client.pipe(upstream)
        upstream.pipe(client)
        client.resume()
      })
    }
    tryNext(backends())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}
