/**
 * Organisation and headcount (tổ chức bộ máy, biên chế; DOMAIN §10): per unit and year, the
 * headcount assigned, the staff in post, the year's reduction target and the posts cut (seeds:
 * −989 posts in Lai Châu by 2018; 10% reduction over 2021–2026; Yên Châu's index fell partly
 * because headcount-reduction targets were missed).
 */
export interface HeadcountFigures {
  assigned: number;
  inPost: number | null;
  reductionTarget: number;
  reduced: number;
}

export interface HeadcountStatus {
  /** Posts still to cut this year to meet the target (0 when met). */
  shortfall: number;
  /** The year's target is met (a year without a target is met). */
  targetMet: boolean;
  /** More staff in post than the headcount assigned. */
  overAssigned: boolean;
  /** The share of the assigned headcount cut this year, percent with one decimal; null without a headcount. */
  reducedRate: number | null;
}

/** What the figures of one unit and year say: shortfall against the target, over-assignment. */
export function headcountStatus(f: HeadcountFigures): HeadcountStatus {
  const shortfall = Math.max(0, f.reductionTarget - f.reduced);
  return {
    shortfall,
    targetMet: shortfall === 0,
    overAssigned: f.inPost !== null && f.inPost > f.assigned,
    reducedRate: f.assigned > 0 ? Math.round((f.reduced / f.assigned) * 1000) / 10 : null,
  };
}

/** The figures added up (a province's total over its units); in post only when every row has it. */
export function sumHeadcount(rows: readonly HeadcountFigures[]): HeadcountFigures {
  return {
    assigned: rows.reduce((s, r) => s + r.assigned, 0),
    inPost: rows.every((r) => r.inPost !== null)
      ? rows.reduce((s, r) => s + (r.inPost ?? 0), 0)
      : null,
    reductionTarget: rows.reduce((s, r) => s + r.reductionTarget, 0),
    reduced: rows.reduce((s, r) => s + r.reduced, 0),
  };
}
