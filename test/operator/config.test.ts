/**
 * The operator's configuration: the export plane's credential may not be the operator's (one
 * value for both would let the approver publish the export, and so choose the token, they approve).
 */
import { expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/config.js'
import { TEST_SECRETS } from '../support/server.js'

it('refuses OPERATOR_EXPORT_TOKEN equal to OPERATOR_API_TOKEN, naming both', () => {
  const same = 'the-same-value-for-both-0123456789'
  const load = () => loadConfig({ ...TEST_SECRETS, NODE_ENV: 'test', OPERATOR_API_TOKEN: same, OPERATOR_EXPORT_TOKEN: same })
  expect(load).toThrow(ConfigError)
  expect(load).toThrow('OPERATOR_EXPORT_TOKEN must differ from OPERATOR_API_TOKEN')
  expect(loadConfig({ ...TEST_SECRETS, NODE_ENV: 'test', OPERATOR_API_TOKEN: same, OPERATOR_EXPORT_TOKEN: `${same}x` }).secrets.operatorExportToken).toBe(
    `${same}x`,
  )
})
