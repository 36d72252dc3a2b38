/**
 * Fetches a source's feed over HTTP(S) the careful way: one total deadline for the whole fetch
 * (connect, redirects, body), so a host trickling a byte a second is cut off; a size limit
 * enforced while streaming; a redirect limit; and no loopback, private, link-local or other
 * special addresses unless configuration allows them. The address is checked in the socket's own
 * DNS lookup, so a name cannot resolve to a public address for a check and a private one for the
 * connection. The body is decoded in its declared charset (decode-feed.ts).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import { BlockList, isIP } from 'node:net'
import { decodeFeed } from './decode-feed.js'

export interface FeedFetcher {
  /** The body of the feed at `url` as text; throws an Error whose message says what went wrong (Korean). */
  fetch(url: string): Promise<string>
}

export interface FetchLimits {
  timeoutMs: number
  maxBytes: number
  maxRedirects: number
  allowPrivate: boolean
}

const special = new BlockList()
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  special.addSubnet(net, prefix, 'ipv4')
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const)
  special.addSubnet(net, prefix, 'ipv6')

/** Whether an address is loopback, private, link-local, multicast or otherwise not a public host. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address)
  if (family === 4) return special.check(address, 'ipv4')
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
    if (mapped) return special.check(mapped[1], 'ipv4')
    return special.check(address, 'ipv6')
  }
  return true
}

class FetchError extends Error {}

function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: any, callback: any) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(new FetchError(`호스트를 찾을 수 없습니다: ${hostname}`))
      const usable = allowPrivate ? addresses : addresses.filter((a) => !isPrivateAddress(a.address))
      if (!usable.length) return callback(new FetchError(`사설·루프백 주소는 허용되지 않습니다: ${hostname}`))
      if (options?.all) callback(null, usable)
      else callback(null, usable[0].address, usable[0].family)
    })
  }
}

export function httpFeedFetcher(limits: FetchLimits): FeedFetcher {
  const lookup = guardedLookup(limits.allowPrivate)
  return {
    fetch(url) {
      const deadline = Date.now() + limits.timeoutMs
      return new Promise<string>((resolve, reject) => {
        let current: http.ClientRequest | null = null
        let settled = false
        const finish = (err: Error | null, text?: string) => {
          if (settled) return
          settled = true
          clearTimeout(timer)
          current?.destroy()
          if (err) reject(err)
          else resolve(text!)
        }
        const timer = setTimeout(() => finish(new FetchError(`요청 시간 초과 (${Math.round(limits.timeoutMs / 1000)}초)`)), Math.max(0, deadline - Date.now()))

        const get = (target: string, redirectsLeft: number) => {
          let u: URL
          try {
            u = new URL(target)
          } catch {
            return finish(new FetchError(`잘못된 URL: ${target}`))
          }
          if (u.protocol !== 'http:' && u.protocol !== 'https:') return finish(new FetchError(`http(s) URL만 수집합니다: ${u.protocol}`))
          const host = u.hostname.replace(/^\[|\]$/g, '')
          // IP literals skip the DNS lookup, so they are checked here.
          if (isIP(host) && !limits.allowPrivate && isPrivateAddress(host)) return finish(new FetchError(`사설·루프백 주소는 허용되지 않습니다: ${host}`))
          const mod = u.protocol === 'https:' ? https : http
          const req = mod.get(
            u,
            {
              lookup,
              headers: {
                'User-Agent': 'findori-pipeline/1.0',
                Accept: 'application/rss+xml, application/atom+xml, application/xml, text/xml;q=0.9, */*;q=0.1',
              },
            },
            (res) => {
              const status = res.statusCode ?? 0
              if (status >= 300 && status < 400 && res.headers.location) {
                res.resume()
                if (redirectsLeft <= 0) return finish(new FetchError(`리디렉션이 너무 많습니다 (최대 ${limits.maxRedirects}회)`))
                return get(new URL(res.headers.location, u).toString(), redirectsLeft - 1)
              }
              if (status !== 200) {
                res.resume()
                return finish(new FetchError(`HTTP ${status}`))
              }
              const declared = Number(res.headers['content-length'])
              if (declared > limits.maxBytes) return finish(new FetchError(`피드가 너무 큽니다 (${declared}바이트 > ${limits.maxBytes})`))
              const chunks: Buffer[] = []
              let size = 0
              res.on('data', (chunk: Buffer) => {
                size += chunk.length
                if (size > limits.maxBytes) return finish(new FetchError(`피드가 너무 큽니다 (${limits.maxBytes}바이트 초과)`))
                chunks.push(chunk)
              })
              res.on('end', () => finish(null, decodeFeed(Buffer.concat(chunks), res.headers['content-type'])))
              res.on('error', (e) => finish(new FetchError(`수신 오류: ${e.message}`)))
            },
          )
          current = req
          req.on('error', (e) => finish(e instanceof FetchError ? e : new FetchError(`연결 실패: ${(e as NodeJS.ErrnoException).code ?? e.message}`)))
        }
        get(url, limits.maxRedirects)
      })
    },
  }
}
