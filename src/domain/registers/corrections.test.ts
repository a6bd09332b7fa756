import { describe, expect, it } from 'vitest';
import {
  INSPECTION_STATES,
  inspectedUnitChangeable,
  inspectionCorrectable,
  planCorrectable,
  RECOMMENDATION_STATES,
  recommendationCorrectable,
  restoredWithParent,
  restoreRefusal,
  TASK_STATUSES,
  taskCorrectable,
  withdrawalReason,
} from './index.js';

describe('register corrections', () => {
  it('corrects an inspection until it is concluded, its inspected unit only while planned', () => {
    expect(INSPECTION_STATES.filter(inspectionCorrectable)).toEqual(['planned', 'in_progress']);
    expect(INSPECTION_STATES.filter(inspectedUnitChangeable)).toEqual(['planned']);
  });

  it('corrects an open recommendation and a task not done, never a finished one', () => {
    expect(RECOMMENDATION_STATES.filter(recommendationCorrectable)).toEqual(['open']);
    expect(TASK_STATUSES.filter(taskCorrectable)).toEqual(['todo', 'in_progress']);
  });

  it('corrects a plan only before its first progress report', () => {
    expect(planCorrectable(0)).toBe(true);
    expect(planCorrectable(1)).toBe(false);
  });
});

describe('withdrawal reason', () => {
  it('keeps the written reason trimmed and refuses a blank one', () => {
    expect(withdrawalReason('  Nhập trùng với sáng kiến số 12  ')).toBe(
      'Nhập trùng với sáng kiến số 12',
    );
    expect(withdrawalReason('   ')).toBeNull();
    expect(withdrawalReason('')).toBeNull();
    expect(withdrawalReason(undefined)).toBeNull();
    expect(withdrawalReason(null)).toBeNull();
  });
});

describe('restoring a withdrawal', () => {
  it('restores only a withdrawn record, and a child only while its parent is in the register', () => {
    expect(restoreRefusal({ withdrawn: false })).toBe('not_withdrawn');
    expect(restoreRefusal({ withdrawn: false, parentWithdrawn: true })).toBe('not_withdrawn');
    expect(restoreRefusal({ withdrawn: true, parentWithdrawn: true })).toBe('parent_withdrawn');
    expect(restoreRefusal({ withdrawn: true, parentWithdrawn: false })).toBeNull();
    expect(restoreRefusal({ withdrawn: true })).toBeNull();
  });

  it('brings back with the parent what left with it, not what was withdrawn on its own', () => {
    const children = [
      { id: 1, withdrawn: true, withdrawnAlong: true },
      { id: 2, withdrawn: true, withdrawnAlong: false },
      { id: 3, withdrawn: false, withdrawnAlong: false },
    ];
    expect(restoredWithParent(children).map((c) => c.id)).toEqual([1]);
  });
});
