/**
 * The one place the @hey-api/openapi-ts options live. `make gen` runs the generator once per
 * spec (inputs and output folders vary), so this exports the configuration as functions of
 * those two; everything else (plugins, import extensions, logging) is fixed here.
 */
import type { UserConfig } from '@hey-api/openapi-ts'

const common = (input: string, output: string) => ({
  input,
  // `.js` in relative imports: the generated files are ESM under NodeNext resolution.
  output: { path: output, importFileExtension: '.js' as const },
  logs: { level: 'silent' as const, file: false },
})

/** generated/<slug>/sdk: request/response types, one function per operation, the fetch client. */
export const sdkConfig = (input: string, output: string): UserConfig => ({
  ...common(input, output),
  plugins: ['@hey-api/typescript', '@hey-api/sdk', '@hey-api/client-fetch'],
})

/** generated/<slug>-ws/types: payload types only (AsyncAPI messages, fed as a synthetic OpenAPI document). */
export const typesConfig = (input: string, output: string): UserConfig => ({
  ...common(input, output),
  plugins: ['@hey-api/typescript'],
})
