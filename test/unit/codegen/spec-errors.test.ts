/**
 * `make gen` refuses what it cannot turn into code faithfully, instead of falling back to
 * `unknown` or dropping a part: each refusal names the spec file, the operation and the JSON
 * pointer of the offending node. Small documents written for the purpose.
 */
import { describe, expect, it } from 'vitest'
import { buildModel } from '../../../scripts/codegen/model.js'
import { emitHandlers } from '../../../scripts/codegen/emit.js'
import { checkRefs, SpecError, type JsonObject } from '../../../scripts/codegen/spec-doc.js'

const ok = { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } }
const specWith = (op: JsonObject, components: JsonObject = {}) => ({
  paths: { '/pets/{id}': { post: { operationId: 'addPet', responses: { '200': ok }, ...op } } },
  components,
})
/** What @hey-api would have generated for `addPet`, so the handler emitter finds its types. */
const heyTypes = 'export type AddPetData = {}\nexport type AddPetResponses = {}\n'

const thrown = (run: () => unknown): Error => {
  try {
    run()
  } catch (e) {
    return e as Error
  }
  throw new Error('expected a throw')
}

describe('a second media type is refused, not dropped', () => {
  it('on a request body, naming the operation', () => {
    const spec = specWith({
      requestBody: { content: { 'application/json': { schema: { type: 'object' } }, 'text/plain': { schema: { type: 'string' } } } },
    })
    const e = thrown(() => buildModel(spec, 'pets.openapi.yaml'))
    expect(e).toBeInstanceOf(SpecError)
    expect(e.message).toBe(
      'pets.openapi.yaml: POST /pets/{id} (addPet): request body declares 2 media types (application/json, text/plain); ' +
        'the generator supports exactly one per request body (at #/paths/~1pets~1{id}/post/requestBody/content)',
    )
  })
  it('on a response, naming the status and, for a shared response, its component', () => {
    const spec = specWith(
      { responses: { '200': ok, '404': { $ref: '#/components/responses/Missing' } } },
      { responses: { Missing: { description: 'gone', content: { 'application/json': { schema: {} }, 'text/html': { schema: { type: 'string' } } } } } },
    )
    const e = thrown(() => buildModel(spec, 'pets.openapi.yaml'))
    expect(e.message).toMatch(/^pets\.openapi\.yaml: POST \/pets\/\{id\} \(addPet\): response 404 declares 2 media types \(application\/json, text\/html\)/)
    expect(e.message).toMatch(/\(at #\/components\/responses\/Missing\/content\)$/)
  })
  it('one media type per part is accepted', () => {
    expect(buildModel(specWith({ requestBody: { content: { 'text/plain': { schema: { type: 'string' } } } } }))[0].body?.contentType).toBe('text/plain')
  })
})

describe('a missing type is refused, not typed unknown', () => {
  it('a JSON response without a schema', () => {
    const spec = specWith({ responses: { '201': { description: 'made', content: { 'application/json': {} } } } })
    expect(thrown(() => buildModel(spec, 'pets.openapi.yaml')).message).toBe(
      'pets.openapi.yaml: POST /pets/{id} (addPet): response 201 (application/json) has no schema, so its type would be unknown ' +
        '(at #/paths/~1pets~1{id}/post/responses/201/content/application~1json)',
    )
  })
  it('a parameter without a type, at the parameter’s own pointer', () => {
    const spec = specWith({ parameters: [{ name: 'id', in: 'path', required: true, schema: { description: 'anything' } }] })
    const e = thrown(() => emitHandlers('pets.openapi.yaml', 'pets', 'PetsHandlers', buildModel(spec), heyTypes))
    expect(e.message).toBe(
      'pets.openapi.yaml: POST /pets/{id} (addPet): path parameter id: parameter schema has no `type` (nor `enum`/`const`) ' +
        '(at #/paths/~1pets~1{id}/post/parameters/0/schema)',
    )
  })
  it('an object-typed query parameter declared in components', () => {
    const spec = specWith(
      { parameters: [{ $ref: '#/components/parameters/Filter' }] },
      { parameters: { Filter: { name: 'filter', in: 'query', schema: { type: 'object' } } } },
    )
    const e = thrown(() => emitHandlers('pets.openapi.yaml', 'pets', 'PetsHandlers', buildModel(spec), heyTypes))
    expect(e.message).toMatch(/query parameter filter: parameter schema type "object" is not a scalar .*\(at #\/components\/parameters\/Filter\/schema\)$/)
  })
  it('array items given by $ref are resolved, not unknown', () => {
    const spec = specWith(
      { parameters: [{ name: 'kind', in: 'query', schema: { type: 'array', items: { $ref: '#/components/schemas/Kind' } } }] },
      { schemas: { Kind: { type: 'string', enum: ['cat', 'dog'] } } },
    )
    expect(emitHandlers('pets.openapi.yaml', 'pets', 'PetsHandlers', buildModel(spec), heyTypes)).toContain('"kind"?: Array<"cat" | "dog">')
  })
  it('a response whose type @hey-api did not generate', () => {
    const e = thrown(() => emitHandlers('pets.openapi.yaml', 'pets', 'PetsHandlers', buildModel(specWith({})), 'export type AddPetData = {}\n'))
    expect(e.message).toBe(
      'pets.openapi.yaml: POST /pets/{id} (addPet): @hey-api generated no type AddPetResponses for response 200 (at #/paths/~1pets~1{id}/post/responses/200)',
    )
  })
})

describe('every local $ref must resolve', () => {
  it('names the referring node', () => {
    const spec = specWith({}, { schemas: { Pet: { type: 'object', properties: { owner: { $ref: '#/components/schemas/Owner' } } } } })
    const e = thrown(() => checkRefs('pets.openapi.yaml', spec))
    expect(e).toBeInstanceOf(SpecError)
    expect(e.message).toMatch(
      /^pets\.openapi\.yaml: \$ref #\/components\/schemas\/Owner does not resolve: .* \(at #\/components\/schemas\/Pet\/properties\/owner\)$/,
    )
  })
  it('checks references inside examples maps and properties named like data keywords', () => {
    const broken = { paths: {}, components: { schemas: { Box: { properties: { value: { $ref: '#/components/schemas/Nope' } } } } } }
    expect(() => checkRefs('x.yaml', broken)).toThrow(/Box\/properties\/value/)
    const example = {
      paths: {},
      components: { responses: { R: { content: { 'application/json': { examples: { a: { $ref: '#/components/examples/Gone' } } } } } } },
    }
    expect(() => checkRefs('x.yaml', example)).toThrow(/examples\/a/)
  })
  it('leaves example data alone', () => {
    const spec = {
      paths: {},
      components: { schemas: { Doc: { type: 'object', examples: [{ $ref: 'not a reference, a value' }], default: { $ref: 'data' } } } },
    }
    expect(() => checkRefs('x.yaml', spec)).not.toThrow()
  })
})
