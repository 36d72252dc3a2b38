/**
 * The rule that pairs a POST with the GET that reads what it created (src/kit/mock/resources.ts),
 * on the real route tables: by the documented Location, by path, and by an explicit mapping.
 */
import { describe, expect, it } from 'vitest'
import { examples as findoriExamples } from '../../generated/findori/examples.gen.js'
import { table as findoriTable } from '../../generated/findori/routes.gen.js'
import { examples as orchExamples } from '../../generated/orchestrator/examples.gen.js'
import { table as orchTable } from '../../generated/orchestrator/routes.gen.js'
import { examples as sajuExamples } from '../../generated/saju/examples.gen.js'
import { table as sajuTable } from '../../generated/saju/routes.gen.js'
import { resourceRoles } from '../../src/kit/mock/resources.js'
import { freshId } from '../../src/kit/mock/shape.js'

const summary = (roles: ReturnType<typeof resourceRoles>) =>
  Object.fromEntries([...roles].map(([op, r]) => [op, `${r.role}:${r.resource.collection}${r.resource.idPointer}`]))

describe('resourceRoles', () => {
  it('pairs by path: POST /api/v1/profiles → GET/DELETE /api/v1/profiles/{profile_id}, listed by GET /api/v1/profiles', () => {
    expect(summary(resourceRoles(sajuTable.routes, sajuExamples, []))).toMatchObject({
      createProfile: 'create:listProfiles/profile_id',
      getProfile: 'read:listProfiles/profile_id',
      listProfiles: 'list:listProfiles/profile_id',
      deleteProfile: 'remove:listProfiles/profile_id',
      createPdfJob: 'create:getPdfJob/job_id',
      getPdfJob: 'read:getPdfJob/job_id',
    })
  })

  it('pairs by the documented Location: sendDeviceCommand → getTask / listTasks', () => {
    expect(summary(resourceRoles(orchTable.routes, orchExamples, []))).toMatchObject({
      sendDeviceCommand: 'create:listTasks/task_id',
      getTask: 'read:listTasks/task_id',
      listTasks: 'list:listTasks/task_id',
    })
  })

  it('pairs a POST without a GET of one with its PATCH and list (findori sources)', () => {
    expect(summary(resourceRoles(findoriTable.routes, findoriExamples, []))).toMatchObject({
      createSource: 'create:listSources/id',
      updateSource: 'update:listSources/id',
      listSources: 'list:listSources/id',
    })
  })

  it('takes an explicit mapping over the guess', () => {
    const roles = resourceRoles(orchTable.routes, orchExamples, [{ create: 'sendDeviceCommand', read: 'getTask', id: '/task_id' }])
    expect(summary(roles).sendDeviceCommand).toBe('create:getTask/task_id')
    expect(roles.has('listTasks')).toBe(false)
  })
})

describe('freshId', () => {
  it('keeps the example’s shape', () => {
    expect(freshId('3f2b8c1a-5d4e-4b6f-9a7c-2e1d0f9b8a76')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(freshId('task-12345')).toMatch(/^task-\d{6}$/)
    expect(freshId('u_8f3a2c')).toMatch(/^u_[0-9a-f]{6}$/)
    expect(typeof freshId(42)).toBe('number')
  })
})
