import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertCan, can, type Actor } from '../../src/identity/index.js';

const learner: Actor = { userId: 'u-learner', role: 'learner', contextId: 'ctx-1', deploymentId: 'dep-1' };
const trainer: Actor = { userId: 'u-trainer', role: 'trainer', contextId: 'ctx-1', deploymentId: 'dep-1' };
const admin: Actor = { userId: 'u-admin', role: 'administrator', contextId: 'ctx-9', deploymentId: 'dep-1' };
const otherAdmin: Actor = { userId: 'u-admin-2', role: 'administrator', contextId: 'ctx-1', deploymentId: 'dep-2' };

describe('the access policy', () => {
  it('lets staff, not learners, use the tools of the LMS course they launched from', () => {
    assert.equal(can(learner, 'course.learners'), false);
    assert.equal(can(trainer, 'course.learners'), true);
    assert.equal(can(admin, 'exam.report'), true);
  });

  it('keeps a trainer to their own LMS course and an administrator to their own deployment', () => {
    assert.equal(can(trainer, 'exam.grant', { contextId: 'ctx-2' }), false);
    assert.equal(can(trainer, 'exam.grant', { contextId: 'ctx-1', deploymentId: 'dep-2' }), false);
    assert.equal(can(admin, 'exam.grant', { contextId: 'ctx-2', deploymentId: 'dep-1' }), true, 'an administrator is staff of every course of the deployment');
    assert.equal(can(otherAdmin, 'certificate.revoke', { deploymentId: 'dep-1' }), false);
    assert.equal(can(admin, 'certificate.revoke', { deploymentId: 'dep-1' }), true);
  });

  it('leaves administration to administrators', () => {
    for (const action of ['certificate.revoke', 'certificate.reissue', 'certificate.settings', 'support.edit', 'deliveries.manage'] as const) {
      assert.equal(can(trainer, action), false, action);
      assert.equal(can(learner, action), false, action);
      assert.equal(can(admin, action), true, action);
    }
  });

  it('shows a certificate to its holder anywhere and to the administrators of the deployment that issued it', () => {
    const cert = { ownerId: learner.userId, deploymentId: 'dep-1' };
    assert.equal(can(learner, 'certificate.read', cert), true);
    assert.equal(can({ ...learner, deploymentId: 'dep-2' }, 'certificate.read', cert), true);
    assert.equal(can(trainer, 'certificate.read', cert), false);
    assert.equal(can(admin, 'certificate.read', cert), true);
    assert.equal(can(otherAdmin, 'certificate.read', cert), false);
  });

  it('refuses with the action’s own words and a 403', () => {
    assert.throws(() => assertCan(learner, 'course.place'), (error: { status: number; message: string }) => error.status === 403 && /Only a trainer/.test(error.message));
  });
});
