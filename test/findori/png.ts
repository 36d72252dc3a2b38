/**
 * A minimal PNG reader for tests (8-bit greyscale, RGB and RGBA, non-interlaced, the five
 * filter types of the PNG spec §9), so image tests check pixels without a decoder dependency.
 */
import { inflateSync } from 'node:zlib'

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

export interface DecodedPng {
  width: number
  height: number
  channels: number
  pixels: Buffer
}

export function ihdr(png: Buffer) {
  if (!png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG')
  if (png.toString('latin1', 12, 16) !== 'IHDR') throw new Error('IHDR is not the first chunk')
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), bitDepth: png[24], colorType: png[25], interlace: png[28] }
}

export function decodePng(png: Buffer): DecodedPng {
  const h = ihdr(png)
  if (h.bitDepth !== 8 || h.interlace !== 0) throw new Error('unsupported PNG')
  const channels = { 0: 1, 2: 3, 6: 4, 4: 2 }[h.colorType as 0 | 2 | 6 | 4]
  if (!channels) throw new Error(`unsupported colour type ${h.colorType}`)
  const idat: Buffer[] = []
  for (let off = 8; off < png.length; ) {
    const len = png.readUInt32BE(off)
    const type = png.toString('latin1', off + 4, off + 8)
    if (type === 'IDAT') idat.push(png.subarray(off + 8, off + 8 + len))
    off += 12 + len
  }
  const raw = inflateSync(Buffer.concat(idat))
  const stride = h.width * channels
  const out = Buffer.alloc(stride * h.height)
  for (let y = 0; y < h.height; y++) {
    const filter = raw[y * (stride + 1)]
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1))
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[y * stride + x - channels] : 0
      const b = y > 0 ? out[(y - 1) * stride + x] : 0
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels] : 0
      let v = line[x]
      if (filter === 1) v += a
      else if (filter === 2) v += b
      else if (filter === 3) v += (a + b) >> 1
      else if (filter === 4) {
        const p = a + b - c
        const pa = Math.abs(p - a),
          pb = Math.abs(p - b),
          pc = Math.abs(p - c)
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c
      }
      out[y * stride + x] = v & 0xff
    }
  }
  return { width: h.width, height: h.height, channels, pixels: out }
}

/** How many pixels differ between two same-size images inside a rectangle. */
export function differingPixels(a: DecodedPng, b: DecodedPng, rect: { x: number; y: number; w: number; h: number }) {
  let n = 0
  for (let y = rect.y; y < rect.y + rect.h; y++) {
    for (let x = rect.x; x < rect.x + rect.w; x++) {
      const i = (y * a.width + x) * a.channels
      for (let k = 0; k < a.channels; k++) {
        if (a.pixels[i + k] !== b.pixels[i + k]) {
          n++
          break
        }
      }
    }
  }
  return n
}
