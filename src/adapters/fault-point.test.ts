import { describe, expect, it } from 'vitest';
import { armFaults, FAULT_POINTS, faultPoint, parseFaults } from './fault-point.js';

describe('fault points', () => {
  it('parses a schedule, with the hit to fire on', () => {
    expect(parseFaults('record.push:kill, git.push:kill@2')).toEqual([
      { point: 'record.push', action: 'kill', nth: 1 },
      { point: 'git.push', action: 'kill', nth: 2 },
    ]);
  });

  it('refuses an unknown point or action, so a typo never makes a sweep pass for nothing', () => {
    expect(() => parseFaults('record.psuh:kill')).toThrow(/no fault point 'record.psuh'/);
    expect(() => parseFaults('record.push:explode')).toThrow(/not point:kill\|hold/);
    expect(() => armFaults({ INTENTOPS_FAULT: 'claim.write:hold' })).toThrow(/needs INTENTOPS_FAULT_DIR/);
  });

  it('is a no-op when nothing is armed, and for hits other than the armed one', async () => {
    expect(armFaults({})).toEqual([]);
    for (const p of FAULT_POINTS) await faultPoint(p);
    // Armed for the 3rd hit only: the first two pass (a kill would end this test process).
    armFaults({ INTENTOPS_FAULT: 'step.start:kill@3' });
    await faultPoint('step.start');
    await faultPoint('step.start');
    armFaults({});
  });
});
