/**
 * Who sent a request: the address per-caller rate limits and anonymous idempotency scopes count.
 * Behind a load balancer the socket peer is the balancer, so with TRUST_PROXY set the caller is
 * read from X-Forwarded-For, walking from the right past the hops this server trusts, as
 * Express's `trust proxy` does (proxy-addr, by the Express team, does the walk and the CIDR
 * matching). A peer that is not trusted is the client whatever header it sends: otherwise any
 * client could choose its own budget by forging the header.
 */
import type { IncomingMessage } from 'node:http'
import proxyaddr from 'proxy-addr'

/** TRUST_PROXY: off, the number of proxy hops in front of the server, or the trusted addresses/ranges. */
export type TrustProxy = false | { hops: number } | { addresses: string[] }

/** Whether the hop `i` away from the server (0 = the socket peer) at `address` is a trusted proxy. */
export type TrustFn = (address: string, i: number) => boolean

/** Throws on an address or range proxy-addr cannot parse (config.ts turns that into a ConfigError). */
export function compileTrust(setting: TrustProxy): TrustFn | null {
  if (setting === false) return null
  if ('hops' in setting) {
    const hops = setting.hops
    return (_address, i) => i < hops
  }
  return proxyaddr.compile(setting.addresses)
}

/**
 * The one place a client address is decided: the socket peer, or (peer trusted) the rightmost
 * untrusted X-Forwarded-For entry. `forwardedFor` is the header as received (several headers
 * joined with ", ").
 */
export function clientAddress(peer: string, forwardedFor: string | undefined, trust: TrustFn | null): string {
  if (!trust || !forwardedFor) return peer
  // proxy-addr reads only these two fields of the request.
  const req = { socket: { remoteAddress: peer }, headers: { 'x-forwarded-for': forwardedFor } } as unknown as IncomingMessage
  return proxyaddr(req, trust)
}
