/**
 * Refuses state-changing admin requests sent from another site (CSRF), on top of SameSite=Strict:
 * Fetch Metadata first (every current browser sends Sec-Fetch-Site), the Origin header otherwise.
 * Requests with neither are not from a browser page and carry no ambient cookie risk.
 */
export function sameOriginRequest(headers: { Origin?: string; 'Sec-Fetch-Site'?: string }, allowedOrigins: readonly string[]): boolean {
  const site = headers['Sec-Fetch-Site']?.toLowerCase()
  if (site) return site === 'same-origin' || site === 'none'
  const origin = headers.Origin
  if (origin === undefined) return true
  return allowedOrigins.includes(origin)
}
