/**
 * What the generated validators do beyond plain JSON Schema: readOnly/writeOnly by direction,
 * query-string coercion, and discriminated oneOf reporting only the chosen branch's errors.
 * Built with the generator's own Ajv set-up, on a small document written for the purpose.
 */
import { describe, expect, it } from 'vitest'
import { buildAjvs, type ValidatorEntry } from '../../scripts/codegen/validators.js'
import { issuesOf } from '../../src/kit/validation.js'

const doc = {
  components: {
    schemas: {
      Account: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'password'],
        properties: {
          id: { type: 'string', readOnly: true },
          name: { type: 'string' },
          password: { type: 'string', writeOnly: true },
        },
      },
      Pet: {
        oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }],
        discriminator: { propertyName: 'kind' },
      },
      Cat: { type: 'object', required: ['kind', 'lives'], properties: { kind: { const: 'cat' }, lives: { type: 'integer', maximum: 9 } } },
      Dog: { type: 'object', required: ['kind', 'bark'], properties: { kind: { const: 'dog' }, bark: { type: 'string' } } },
    },
  },
}
const entries: ValidatorEntry[] = [
  { name: 'req', kind: 'body', schema: { $ref: '#/components/schemas/Account' } },
  { name: 'res', kind: 'response', schema: { $ref: '#/components/schemas/Account' } },
  { name: 'pet', kind: 'body', schema: { $ref: '#/components/schemas/Pet' } },
  {
    name: 'query',
    kind: 'params',
    schema: { type: 'object', properties: { limit: { type: 'integer', default: 50 }, tags: { type: 'array', items: { type: 'string' } } } },
  },
]
const ajvs = buildAjvs('unit', doc, entries, false)
const v = (kind: 'params' | 'body' | 'response', name: string) => ajvs[kind].getSchema(name)!

describe('readOnly and writeOnly apply by direction', () => {
  it('a request need not carry a readOnly property', () => expect(v('body', 'req')({ name: 'a', password: 'p' })).toBe(true))
  it('a response need not carry a writeOnly property', () => expect(v('response', 'res')({ id: '1', name: 'a' })).toBe(true))
  it('a response may never carry a writeOnly property', () => expect(v('response', 'res')({ id: '1', name: 'a', password: 'p' })).toBe(false))
  it('a response still needs its readOnly property', () => expect(v('response', 'res')({ name: 'a' })).toBe(false))
})

describe('parameters', () => {
  it('coerce query strings to the schema types and fill defaults', () => {
    const q: Record<string, unknown> = { tags: 'one' }
    expect(v('params', 'query')(q)).toBe(true)
    expect(q).toEqual({ tags: ['one'], limit: 50 })
    const n: Record<string, unknown> = { limit: '7' }
    v('params', 'query')(n)
    expect(n.limit).toBe(7)
  })
})

describe('discriminated oneOf', () => {
  it('reports only the errors of the branch the discriminator picks, by JSON pointer', () => {
    const validate = v('body', 'pet') as any
    expect(validate({ kind: 'cat', lives: 12 })).toBe(false)
    const issues = issuesOf(validate, 'body')
    expect(issues).toEqual([expect.objectContaining({ pointer: '/lives', keyword: 'maximum' })])
  })
  it('names the missing property itself', () => {
    const validate = v('body', 'pet') as any
    validate({ kind: 'dog' })
    expect(issuesOf(validate, 'body')).toEqual([expect.objectContaining({ pointer: '/bark', message: 'is required' })])
  })
})

describe('make gen refuses a spec whose examples break its own schemas', () => {
  it('lists each broken example with the operation and the reason', async () => {
    const { checkExamples } = await import('../../scripts/codegen/check-examples.js')
    const { buildModel, validatorEntries } = await import('../../scripts/codegen/model.js')
    const spec = {
      paths: {
        '/pets/{id}': {
          get: {
            operationId: 'getPet',
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' }, example: 'seven' }],
            responses: {
              '200': {
                description: 'ok',
                content: { 'application/json': { schema: { $ref: '#/components/schemas/Dog' }, examples: { rex: { value: { kind: 'dog' } } } } },
              },
            },
          },
        },
      },
      components: doc.components,
    }
    const models = buildModel(spec)
    const problems = checkExamples('unit', spec, models, validatorEntries(models))
    expect(problems).toHaveLength(2)
    expect(problems[0]).toMatch(/getPet.*path parameter examples: .*integer/)
    expect(problems[1]).toMatch(/getPet.*response 200 example "rex".*bark/)
  })
})
