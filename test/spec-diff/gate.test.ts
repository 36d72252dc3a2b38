/**
 * The breaking-change gate (scripts/spec-diff) on copies of the specs in a temp directory: the
 * released copy is today's spec, the edited copy is what a contributor might commit.
 */
import { execFile } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse, stringify } from 'yaml'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runGate } from '../../scripts/spec-diff/index.js'
import { projectRoot } from '../../src/paths.js'

let dir: string
let specDir: string
let releasedDir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'spec-diff-'))
  specDir = join(dir, 'spec')
  releasedDir = join(dir, 'spec', 'released')
  mkdirSync(releasedDir, { recursive: true })
  for (const f of readdirSync(join(projectRoot, 'spec')).filter((f) => f.endsWith('.openapi.yaml'))) {
    copyFileSync(join(projectRoot, 'spec', f), join(specDir, f))
    copyFileSync(join(projectRoot, 'spec', f), join(releasedDir, f))
  }
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** Edits the working copy of one spec. */
function edit(slug: string, change: (doc: any) => void) {
  const file = join(specDir, `${slug}.openapi.yaml`)
  const doc = parse(readFileSync(file, 'utf8'))
  change(doc)
  writeFileSync(file, stringify(doc))
}
const gate = () => runGate(specDir, releasedDir)
const breaking = (lines: string[]) => lines.filter((l) => l.includes('BREAKING'))

// Parsing and comparing the large specs (saju is 5,000+ lines) takes seconds on a loaded machine.
describe('changes that break a client fail the gate', { timeout: 60_000 }, () => {
  it('a removed response field, naming the operation, the field and the change', () => {
    edit('saju', (doc) => {
      delete doc.components.schemas.Entitlements.properties.deep_tokens
      doc.components.schemas.Entitlements.required = doc.components.schemas.Entitlements.required.filter((n: string) => n !== 'deep_tokens')
    })
    const { ok, lines } = gate()
    expect(ok).toBe(false)
    expect(lines).toContain('  BREAKING  getEntitlements (GET /api/v1/entitlements) · response 200 body: deep_tokens: field removed from the answer')
    expect(lines).toContain('spec-diff: saju: 1 breaking change(s) without a new major version. Either keep the released behaviour,')
    expect(lines.join('\n')).toContain('bump info.version in')
    expect(lines.join('\n')).toContain('to 2.0.0 (clients must change)')
  })

  it('a new required request field', () => {
    edit('orchestrator', (doc) => {
      doc.components.schemas.CommandRequest.properties.reason = { type: 'string' }
      doc.components.schemas.CommandRequest.required.push('reason')
    })
    const { ok, lines } = gate()
    expect(ok).toBe(false)
    expect(breaking(lines)).toEqual([
      '  BREAKING  sendDeviceCommand (POST /api/devices/{device_id}/command) · request body: reason: new required field: a request without it is refused',
    ])
  })

  it('a narrowed request enum (a command removed)', () => {
    edit('orchestrator', (doc) => {
      doc.components.schemas.DeviceCommand.enum = doc.components.schemas.DeviceCommand.enum.filter((c: string) => c !== 'reboot')
    })
    const { ok, lines } = gate()
    expect(ok).toBe(false)
    expect(breaking(lines)).toHaveLength(1)
    expect(breaking(lines)[0]).toMatch(
      /^ {2}BREAKING {2}sendDeviceCommand \(POST \/api\/devices\/\{device_id\}\/command\) · request body: command: value "reboot" removed \(\[/,
    )
    // The same enum narrowed in an answer only means fewer values to handle.
    expect(lines.some((l) => l.startsWith('  ok') && l.includes('getTask') && l.includes('value "reboot" removed'))).toBe(true)
  })

  it('a narrowed range on a query parameter, and a new required parameter', () => {
    edit('orchestrator', (doc) => {
      doc.components.parameters.LimitQuery.schema.maximum = 20
      doc.paths['/api/nodes'].get.parameters.push({ name: 'region', in: 'query', required: true, schema: { type: 'string' } })
    })
    const { lines } = gate()
    expect(breaking(lines)).toContain('  BREAKING  listNodes (GET /api/nodes) · query parameter limit: maximum 100 → 20')
    expect(breaking(lines)).toContain('  BREAKING  listNodes (GET /api/nodes) · query parameter region: new and required: calls without it are refused')
  })

  it('changed auth', () => {
    edit('orchestrator', (doc) => {
      doc.paths['/api/nodes'].get.security = [{ nodeBearer: [] }]
    })
    expect(breaking(gate().lines)).toEqual(['  BREAKING  listNodes (GET /api/nodes) · security: adminBearer → nodeBearer'])
  })

  it('a removed operation and a removed response', () => {
    edit('hitl', (doc) => {
      const [path] = Object.entries(doc.paths).find(([, item]: [string, any]) => item.get?.operationId === 'getThread')!
      delete doc.paths[path].get
      delete doc.paths['/api/v1/chat/approve'].post.responses['409']
    })
    const { ok, lines } = gate()
    expect(ok).toBe(false)
    expect(breaking(lines)).toEqual([
      '  BREAKING  approveDecision (POST /api/v1/chat/approve) · response 409: removed',
      '  BREAKING  getThread (GET /api/v1/chat/threads/{thread_id}) · operation: removed: calls to it now get 404 or 405',
    ])
  })

  it('an answer field that may now be null (a wider response type)', () => {
    edit('saju', (doc) => {
      doc.components.schemas.Entitlements.properties.deep_tokens.type = ['integer', 'null']
    })
    expect(breaking(gate().lines)).toEqual([
      '  BREAKING  getEntitlements (GET /api/v1/entitlements) · response 200 body: deep_tokens: type ["integer"] → ["integer","null"]',
    ])
  })
})

describe('changes a client does not notice pass', { timeout: 60_000 }, () => {
  it('an untouched copy has no changes', () => {
    const { ok, lines } = gate()
    expect(ok).toBe(true)
    expect(lines.filter((l) => l.startsWith('  '))).toEqual([])
  })

  it('new optional fields, parameters, values a request may send, responses and operations', () => {
    edit('orchestrator', (doc) => {
      doc.components.schemas.NodeList.properties.generated_at = { type: 'string', format: 'date-time' }
      doc.paths['/api/nodes'].get.parameters.push({ name: 'region', in: 'query', required: false, schema: { type: 'string' } })
      doc.components.parameters.LimitQuery.schema.maximum = 500
      doc.paths['/api/nodes'].get.responses['404'] = doc.paths['/api/nodes'].get.responses['401']
      doc.paths['/api/regions'] = { get: { operationId: 'listRegions', responses: { '200': { description: 'ok' } } } }
    })
    const { ok, lines } = gate()
    expect(ok).toBe(true)
    expect(breaking(lines)).toEqual([])
    expect(lines).toEqual(
      expect.arrayContaining([
        '  ok        listNodes (GET /api/nodes) · response 200 body: generated_at: new field in the answer',
        '  ok        listNodes (GET /api/nodes) · query parameter region: new, optional',
        '  ok        listNodes (GET /api/nodes) · query parameter limit: maximum 100 → 500',
        '  ok        listNodes (GET /api/nodes) · response 404: new',
        '  ok        listRegions (GET /api/regions) · operation: new',
      ]),
    )
  })

  it('a breaking change with a major version bump', () => {
    edit('saju', (doc) => {
      delete doc.components.schemas.Entitlements.properties.deep_tokens
      doc.info.version = '2.0.0'
    })
    const { ok, lines } = gate()
    expect(ok).toBe(true)
    expect(breaking(lines)).toHaveLength(1)
    expect(lines).toContain('spec-diff: saju: breaking changes accepted: major version 1 → 2')
  })
})

it('the command line (make spec-diff) exits 1 and prints what broke', async () => {
  edit('saju', (doc) => {
    doc.paths['/api/v1/entitlements'].get.security = []
    doc.components.securitySchemes.bearerAuth = { type: 'apiKey', in: 'header', name: 'X-Api-Key' }
    doc.paths['/api/v1/profiles'].get.security = [{ bearerAuth: [] }]
  })
  const run = await new Promise<{ code: number | null; stdout: string }>((resolve) =>
    execFile(
      join(projectRoot, 'node_modules', '.bin', 'tsx'),
      [join(projectRoot, 'scripts', 'spec-diff', 'index.ts'), '--spec-dir', specDir, '--released-dir', releasedDir],
      (e, stdout) => resolve({ code: e ? (e.code as number) : 0, stdout }),
    ),
  )
  expect(run.code).toBe(1)
  // Made public: not breaking. The scheme now means another credential: breaking wherever it is used.
  expect(run.stdout).toContain('  ok        getEntitlements (GET /api/v1/entitlements) · security: bearerAuth → none (public)')
  expect(run.stdout).toContain('  BREAKING  listProfiles (GET /api/v1/profiles) · security scheme bearerAuth: type "http" → "apiKey"')
}, 60_000)
