/**
 * A feed's bytes to text in the feed's own character set. Korean outlets still serve EUC-KR
 * (CP949) feeds; read as UTF-8 they would turn every headline into replacement characters and no
 * company would be recognised. The charset comes from a byte-order mark, else the HTTP
 * Content-Type (which wins over the document, RFC 7303 §3), else the XML declaration, else UTF-8.
 */
// Names WHATWG's TextDecoder does not know for the encodings it has (its "euc-kr" is CP949).
const ALIASES: Record<string, string> = { cp949: 'euc-kr', ms949: 'euc-kr', 'x-windows-949': 'euc-kr', uhc: 'euc-kr' }

function decoderFor(label: string | undefined): TextDecoder | null {
  if (!label) return null
  const name = label.trim().toLowerCase()
  try {
    return new TextDecoder(ALIASES[name] ?? name)
  } catch {
    return null
  }
}

export function feedCharset(body: Buffer, contentType?: string): string {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8'
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le'
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be'
  const fromHeader = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1]
  if (decoderFor(fromHeader)) return decoderFor(fromHeader)!.encoding
  // The declaration is ASCII in every encoding a feed uses here, so latin1 reads it safely.
  const fromXml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(body.subarray(0, 200).toString('latin1'))?.[1]
  return decoderFor(fromXml)?.encoding ?? 'utf-8'
}

export function decodeFeed(body: Buffer, contentType?: string): string {
  return new TextDecoder(feedCharset(body, contentType)).decode(body)
}
