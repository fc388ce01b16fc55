import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { roleFromLti } from '../../src/identity/index.js';

const M = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';

describe('role mapping from LTI roles', () => {
  it('gives the highest of several roles', () => {
    assert.equal(roleFromLti([`${M}Learner`, `${M}Instructor`]), 'trainer');
    assert.equal(roleFromLti([`${M}Instructor`, 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator']), 'administrator');
  });
  it('treats a mentor or an unknown role as a learner (least privilege)', () => {
    assert.equal(roleFromLti([`${M}Mentor`]), 'learner');
    assert.equal(roleFromLti(['urn:example:role']), 'learner');
  });
  it('accepts short names as Moodle sends them', () => {
    assert.equal(roleFromLti(['Learner']), 'learner');
    assert.equal(roleFromLti(['Instructor']), 'trainer');
    assert.equal(roleFromLti(['ContentDeveloper']), 'trainer');
  });
});
