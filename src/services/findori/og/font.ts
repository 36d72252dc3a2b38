/**
 * The OG image's Korean font: Pretendard (npm `pretendard`, SIL Open Font License 1.1, licence in
 * node_modules/pretendard/dist/LICENSE.txt), static OTF files, which satori reads (it cannot read
 * WOFF2). It covers all 11,172 Hangul syllables, Latin and digits. Read from disk once; no network.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)

let fonts: { name: string; data: Buffer; weight: 400 | 700 | 800; style: 'normal' }[] | null = null

export function ogFonts() {
  if (!fonts) {
    const dir = join(dirname(require.resolve('pretendard/package.json')), 'dist', 'public', 'static')
    const load = (file: string) => readFileSync(join(dir, file))
    fonts = [
      { name: 'Pretendard', data: load('Pretendard-Regular.otf'), weight: 400, style: 'normal' },
      { name: 'Pretendard', data: load('Pretendard-Bold.otf'), weight: 700, style: 'normal' },
      { name: 'Pretendard', data: load('Pretendard-ExtraBold.otf'), weight: 800, style: 'normal' },
    ]
  }
  return fonts
}
