/**
 * Rewrites spec/saju.openapi.yaml's examples from the code (see engine-examples.ts): the report
 * and luck examples from the engine, the reward receipt and AdMob callback signed by the test-only
 * key (reward-examples.ts), every trace_id and signatures.sha256 recomputed. Run after
 * changing the engine, its policies or an example, then `make gen`:
 *   npx tsx scripts/saju/regen-examples.ts
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { isMap, isScalar, isSeq, parseDocument, Scalar, visit, type Document } from 'yaml'
import { ENGINE_OPERATIONS, engineBody, finishBody, isRequestIdRefusal } from './engine-examples.js'
import { callbackParams, signedReceipt } from './reward-examples.js'

const FILE = new URL('../../spec/saju.openapi.yaml', import.meta.url).pathname

// Strings that start with a digit (instants, hashes) stay double-quoted as the hand-written
// examples have them, so YAML 1.1 readers never take them for timestamps or numbers.
function setValue(doc: Document, node: any, value: unknown) {
  const created = doc.createNode(value, { aliasDuplicateObjects: false })
  visit(created, {
    Scalar: (_k, s) => {
      if (isScalar(s) && typeof s.value === 'string' && /^\d/.test(s.value)) s.type = Scalar.QUOTE_DOUBLE
    },
  })
  node.set('value', created)
}

/** Every `examples.<name>.value` that is a JSON body with a signatures member, wherever it sits. */
function* signedExamples(node: any, path: string[] = []): Generator<{ node: any; path: string[] }> {
  if (isMap(node)) {
    for (const item of node.items as any[]) {
      const key = String(item.key?.value ?? item.key)
      if (key === 'examples' && isMap(item.value)) {
        for (const ex of (item.value as any).items) {
          const v = ex.value?.get?.('value')
          if (isMap(v) && v.has('signatures')) yield { node: ex.value, path: [...path, 'examples', String(ex.key.value ?? ex.key)] }
        }
      } else yield* signedExamples(item.value, [...path, key])
    }
  } else if (isSeq(node)) for (const [i, v] of (node.items as any[]).entries()) yield* signedExamples(v, [...path, String(i)])
}

const doc = parseDocument(readFileSync(FILE, 'utf8'))
const paths = doc.get('paths') as any
let engineCount = 0
for (const pathItem of paths.items) {
  for (const opItem of pathItem.value.items) {
    const op = opItem.value
    const operationId = String(op.get('operationId'))
    if (!ENGINE_OPERATIONS.includes(operationId)) continue
    const requests = op.getIn(['requestBody', 'content', 'application/json', 'examples']).toJSON() as Record<string, { value: any }>
    const responses = op.getIn(['responses', '200', 'content', 'application/json', 'examples'])
    for (const item of responses.items) {
      const name = String(item.key.value ?? item.key)
      const request = requests[name] ?? Object.values(requests)[0]
      const body = engineBody(operationId, request.value, item.value.get('value').toJSON())
      setValue(doc, item.value, finishBody(body!, false))
      engineCount++
    }
  }
}
// The reward receipt, signed; AdMob's callback example is the same ad view.
const receiptNode = paths.get('/api/v1/tokens/reward').getIn(['post', 'requestBody', 'content', 'application/json', 'examples', 'admob', 'value', 'receipt'])
const receipt = signedReceipt(receiptNode.toJSON())
for (const k of ['signature', 'key_id'] as const) receiptNode.set(k, receipt[k])
const callback = callbackParams(receipt)
for (const param of paths.get('/api/v1/tokens/reward/admob-ssv').getIn(['get', 'parameters']).items) {
  const name = String(param.get('name'))
  if (!(name in callback)) throw new Error(`admob-ssv example: the receipt does not sign ${name}`)
  param.set('example', callback[name])
}

let signed = 0
for (const { node } of signedExamples(doc.contents)) {
  const body = node.get('value').toJSON()
  setValue(doc, node, finishBody(body, isRequestIdRefusal(body)))
  signed++
}
writeFileSync(FILE, doc.toString({ lineWidth: 0 }))
console.log(`saju examples: ${engineCount} from the engine, ${signed} signed`)
