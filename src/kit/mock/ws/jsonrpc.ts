/**
 * The WebSocket mock's answer to a node message that fails its schema (envelopes are the kit's,
 * src/kit/jsonrpc.ts): `data.errors[] = {field, message, type, pointer}` (pointers inside the
 * message), the shape the AsyncAPI document gives -32602.
 */
import { issuesOf } from '../../validation.js'
import type { ValidateFn } from '../../types.js'
import { errorResponse, STANDARD_RPC, type RpcId } from '../../jsonrpc.js'

/** The schema failure of a message: -32602 when only its params are wrong, else -32600. */
export function schemaError(validate: ValidateFn, id: RpcId | null) {
  const issues = issuesOf(validate, 'body')
  const errors = issues.map((i) => {
    const pointer = i.pointer || '/'
    const inParams = pointer.startsWith('/params/') ? pointer.slice('/params/'.length) : pointer.slice(1)
    return { field: inParams.split('/').join('.') || 'params', message: i.message, type: i.keyword, pointer }
  })
  const onlyParams = issues.every((i) => i.pointer === '/params' || i.pointer.startsWith('/params/'))
  return errorResponse(onlyParams ? STANDARD_RPC.invalidParams : STANDARD_RPC.invalidRequest, id, { errors })
}
