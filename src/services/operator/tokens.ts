/**
 * The token gate's small pieces: the hint shown instead of a token, and the constant-time
 * comparison (digests of both sides, so neither length nor matching prefix shows in the time).
 */
import { safeEqual } from '../../kit/secrets.js'

/** `••••` and the last four characters; null without a token. */
export const tokenHint = (token: string | null | undefined): string | null => (token ? `••••${token.slice(-4)}` : null)

/** Constant-time equality of a presented token and the expected one; a missing side never matches. */
export function tokensMatch(given: string | null | undefined, expected: string | null | undefined): boolean {
  // Compared even when one side is missing, so a missing token costs the same time as a wrong one.
  const equal = safeEqual(given ?? '', expected ?? '')
  return equal && !!given && !!expected
}
